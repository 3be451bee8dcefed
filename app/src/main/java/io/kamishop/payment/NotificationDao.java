package io.kamishop.payment;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(RecordedNotification.class)
public interface NotificationDao {

    /** 1 when this (channel, trade number) is new, 0 when it was recorded before. */
    @SqlUpdate
    int recordIfNew(@Bind("channel") String channel, @Bind("tradeNo") String tradeNo, @Bind("orderId") long orderId,
                    @Bind("kind") String kind, @Bind("amount") long amount, @Bind("currency") String currency,
                    @Bind("outcome") String outcome, @Bind("now") long now);

    @SqlUpdate
    void setOutcome(@Bind("channel") String channel, @Bind("tradeNo") String tradeNo, @Bind("outcome") String outcome);

    @SqlQuery
    List<RecordedNotification> forOrder(@Bind("orderId") long orderId);
}
