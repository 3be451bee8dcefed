package io.kamishop.refund;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(Refund.class)
public interface RefundDao {

    @SqlUpdate
    void insert(@Bind("orderId") long orderId, @Bind("refundId") String refundId, @Bind("channel") String channel,
                @Bind("tradeNo") String tradeNo, @Bind("amount") long amount, @Bind("currency") String currency,
                @Bind("reason") String reason, @Bind("now") long now);

    @SqlQuery
    Optional<Refund> forOrder(@Bind("orderId") long orderId);

    @SqlQuery
    Optional<String> paidTrade(@Bind("orderId") long orderId);

    @SqlUpdate
    int finish(@Bind("id") long id, @Bind("status") String status, @Bind("gatewayId") String gatewayId,
               @Bind("error") String error, @Bind("now") long now);

    @SqlUpdate
    int retry(@Bind("id") long id, @Bind("now") long now);
}
