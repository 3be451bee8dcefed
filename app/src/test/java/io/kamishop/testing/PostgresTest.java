package io.kamishop.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that needs the real PostgreSQL ({@link TestPostgres}, {@link TestNodes}). Tagged
 * {@code postgres}, so a machine without it can leave them out ({@code -DexcludedGroups=postgres}). They
 * run in parallel with the rest: each test has its own schema, and the nodes' advisory-lock keys and
 * LISTEN channels are per schema.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("postgres")
public @interface PostgresTest {}
