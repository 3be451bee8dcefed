package io.kamishop.payment;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

@UseClasspathSqlLocator
@RegisterConstructorMapper(RefusedNotification.class)
public interface RefusedNotificationDao {

    @SqlUpdate
    void insert(
            @Bind("at") long at,
            @Bind("channel") String channel,
            @Bind("tradeNo") @Nullable String tradeNo,
            @Bind("orderNo") @Nullable String orderNo,
            @Bind("reason") String reason,
            @Bind("remoteIp") String remoteIp);

    /** Drops rows older than {@code cutoff} and all but the newest {@code keep}. */
    @SqlUpdate
    int prune(@Bind("cutoff") long cutoff, @Bind("keep") long keep);

    /** Newest first, optionally of one channel and one reason, with ids below {@code before}. */
    @SqlQuery
    List<RefusedNotification> recent(
            @Bind("channel") @Nullable String channel,
            @Bind("reason") @Nullable String reason,
            @Bind("before") long before,
            @Bind("limit") int limit);

    @SqlQuery
    List<String> reasons();
}
