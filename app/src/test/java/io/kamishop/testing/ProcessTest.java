package io.kamishop.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that starts a program of its own: the store in a separate JVM that it may kill, or an
 * outside server (Pebble, moto_server, kubectl). Tagged {@code process}; in the parallel run, one such
 * class at a time per test JVM, as each start of a JVM or server costs seconds of CPU and these tests
 * wait on it with timeouts.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("process")
@ResourceLock(TestResources.PROCESS)
public @interface ProcessTest {}
