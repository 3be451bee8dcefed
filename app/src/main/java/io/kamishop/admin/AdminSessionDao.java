package io.kamishop.admin;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Signed-in browsers, keyed by a keyed hash of the cookie's id. */
@UseClasspathSqlLocator
public interface AdminSessionDao {

    /** A stored session. */
    record Row(long userId, String stage, long createdAt, long lastSeen, long expiresAt) {}

    @SqlUpdate
    int insert(
            @Bind("id") String idHash,
            @Bind("user") long userId,
            @Bind("stage") String stage,
            @Bind("ip") String ip,
            @Bind("now") long now,
            @Bind("expires") long expires);

    @SqlQuery
    @RegisterConstructorMapper(Row.class)
    Optional<Row> byIdHash(@Bind("id") String idHash);

    @SqlUpdate
    int touch(@Bind("id") String idHash, @Bind("now") long now, @Bind("expires") long expires);

    @SqlUpdate
    int delete(@Bind("id") String idHash);

    @SqlUpdate
    int deleteOthers(@Bind("user") long userId, @Bind("keep") String keepIdHash);

    @SqlUpdate
    int purgeExpired(@Bind("now") long now);
}
