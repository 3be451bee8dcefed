package io.kamishop.admin;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Admin API tokens, stored as keyed hashes; the scope is kept as its id, read by {@link AdminTokens}. */
@UseClasspathSqlLocator
public interface AdminTokenDao {

    /** A token that is not revoked. */
    record Live(long id, String name, String scope) {}

    /** A token as listed. */
    record Row(long id, String name, long createdAt, Long revokedAt, String scope) {}

    /** The bootstrap token; {@code ON CONFLICT}: nodes started together with the same token must not fail on the unique hash. */
    @SqlUpdate
    int insertBootstrap(@Bind("name") String name, @Bind("hash") String tokenHash, @Bind("now") long now);

    @SqlUpdate
    int insert(
            @Bind("name") String name,
            @Bind("hash") String tokenHash,
            @Bind("now") long now,
            @Bind("scope") String scope);

    @SqlQuery
    long countNamed(@Bind("name") String name);

    @SqlQuery
    @RegisterConstructorMapper(Live.class)
    Optional<Live> live(@Bind("hash") String tokenHash);

    @SqlQuery
    @RegisterConstructorMapper(Row.class)
    List<Row> all();

    @SqlUpdate
    int revoke(@Bind("id") long id, @Bind("now") long now);
}
