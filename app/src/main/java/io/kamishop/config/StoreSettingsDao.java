package io.kamishop.config;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The store settings the merchant changed, by name. */
@UseClasspathSqlLocator
public interface StoreSettingsDao {

    @SqlQuery
    Optional<String> value(@Bind("name") String name);

    @SqlUpdate
    int put(@Bind("name") String name, @Bind("value") String value, @Bind("now") long now);
}
