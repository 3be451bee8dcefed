package io.kamishop.settings;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every scope's settings, one table; a secret's value is sealed before it gets here. */
@UseClasspathSqlLocator
public interface SettingsDao {

    /** A stored setting, its value sealed when {@code secret}. */
    record Row(String name, String value, boolean secret) {}

    @SqlQuery
    @RegisterConstructorMapper(Row.class)
    List<Row> inScope(@Bind("scope") String scope);

    @SqlUpdate
    int put(
            @Bind("scope") String scope,
            @Bind("name") String name,
            @Bind("value") String value,
            @Bind("secret") boolean secret,
            @Bind("now") long now);

    @SqlUpdate
    int putIfAbsent(
            @Bind("scope") String scope,
            @Bind("name") String name,
            @Bind("value") String value,
            @Bind("secret") boolean secret,
            @Bind("now") long now);

    @SqlUpdate
    int remove(@Bind("scope") String scope, @Bind("name") String name);

    /** Removes every setting of a scope (a plugin uninstalled with its data). */
    @SqlUpdate
    int removeScope(@Bind("scope") String scope);
}
