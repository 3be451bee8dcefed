package io.kamishop.cluster;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** The nodes' heartbeat rows. */
@UseClasspathSqlLocator
public interface NodeDao {

    /** One node's row as it last wrote it. */
    record Row(
            String id,
            String version,
            String host,
            long startedAt,
            long lastSeen,
            String leads,
            int poolActive,
            int poolOpen,
            int poolMax,
            Long busLagMs) {}

    @SqlUpdate
    int beat(@BindMethods Beat beat);

    @SqlQuery
    @RegisterConstructorMapper(Row.class)
    List<Row> all();

    @SqlUpdate
    int leave(@Bind("id") String id);

    @SqlUpdate
    int forgetSilentSince(@Bind("before") long before);

    /** What a node writes on each heartbeat. */
    record Beat(
            String id,
            String version,
            String host,
            long startedAt,
            long lastSeen,
            String leads,
            int poolActive,
            int poolOpen,
            int poolMax,
            @Nullable Long busLagMillis) {}
}
