package io.kamishop.storefront;

import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The merchant's values for theme settings. {@code ON CONFLICT} upserts work on SQLite and PostgreSQL alike. */
@UseClasspathSqlLocator
public interface ThemeSettingsDao {

    @SqlQuery
    @KeyColumn("name")
    @ValueColumn("value")
    Map<String, String> forTheme(@Bind("theme") String theme);

    @SqlUpdate
    int upsert(
            @Bind("theme") String theme, @Bind("name") String name, @Bind("value") String value, @Bind("now") long now);

    @SqlUpdate
    int delete(@Bind("theme") String theme, @Bind("name") String name);
}
