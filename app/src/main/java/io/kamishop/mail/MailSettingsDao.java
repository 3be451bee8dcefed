package io.kamishop.mail;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The merchant's SMTP settings; the password's value is sealed. */
@UseClasspathSqlLocator
public interface MailSettingsDao {

    /** A stored setting. */
    record Setting(String name, String value, boolean secret) {}

    @SqlQuery
    @RegisterConstructorMapper(Setting.class)
    List<Setting> all();

    @SqlUpdate
    int delete(@Bind("name") String name);

    @SqlUpdate
    int insert(
            @Bind("name") String name,
            @Bind("value") String value,
            @Bind("secret") boolean secret,
            @Bind("now") long now);
}
