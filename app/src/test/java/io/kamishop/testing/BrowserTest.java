package io.kamishop.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that drives a real headless Chromium. Tagged {@code browser} (run or skip them with
 * {@code -Dgroups=browser} / {@code -DexcludedGroups=browser}); in the parallel run, one browser class at
 * a time per test JVM: a Chromium takes most of a core while it lays out a page, and two of them beside
 * the in-process tests made page loads time out on a two-core machine.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("browser")
@ResourceLock(TestResources.CHROMIUM)
public @interface BrowserTest {}
