package io.kamishop.refund;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * Refunds, and the refunded share of each payment. The {@code refunded} column of
 * {@code payment_notifications} belongs to this feature (V200): only these statements touch it.
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(Refund.class)
@RegisterConstructorMapper(Payment.class)
@RegisterConstructorMapper(DuePayment.class)
public interface RefundDao {

    /** 1 when the refund is new, 0 when one with this refund id exists. */
    @SqlUpdate
    int insert(
            @Bind("orderId") long orderId,
            @Bind("refundId") String refundId,
            @Bind("channel") String channel,
            @Bind("tradeNo") String tradeNo,
            @Bind("amount") long amount,
            @Bind("currency") String currency,
            @Bind("reason") String reason,
            @Bind("origin") String origin,
            @Bind("status") String status,
            @Bind("error") @Nullable String error,
            @Bind("attempts") int attempts,
            @Bind("nextAttemptAt") long nextAttemptAt,
            @Bind("now") long now);

    @SqlQuery
    Optional<Refund> byRefundId(@Bind("refundId") String refundId);

    @SqlQuery
    Optional<Refund> byId(@Bind("id") long id);

    @SqlQuery
    List<Refund> forOrder(@Bind("orderId") long orderId);

    @SqlQuery
    Optional<Refund> latestForTrade(@Bind("channel") String channel, @Bind("tradeNo") String tradeNo);

    @SqlQuery
    List<Refund> recent(
            @Bind("status") @Nullable String status, @Bind("limit") int limit, @Bind("beforeId") long beforeId);

    @SqlQuery
    List<Payment> payments(@Bind("orderId") long orderId);

    /** 1 when {@code amount} more of the payment is now reserved for a refund, 0 when that much is not left. */
    @SqlUpdate
    int reserve(@Bind("channel") String channel, @Bind("tradeNo") String tradeNo, @Bind("amount") long amount);

    @SqlUpdate
    int release(@Bind("channel") String channel, @Bind("tradeNo") String tradeNo, @Bind("amount") long amount);

    @SqlUpdate
    /** @param claimedAttempts 1 when the caller claims it to send it now ({@code leaseUntil} ahead), else 0 */
    int reopen(
            @Bind("id") long id,
            @Bind("now") long now,
            @Bind("leaseUntil") long leaseUntil,
            @Bind("claimedAttempts") int claimedAttempts);

    @SqlUpdate
    int claim(@Bind("id") long id, @Bind("now") long now, @Bind("leaseUntil") long leaseUntil);

    @SqlUpdate
    int finish(
            @Bind("id") long id,
            @Bind("status") String status,
            @Bind("gatewayId") @Nullable String gatewayId,
            @Bind("errorCode") @Nullable String errorCode,
            @Bind("error") @Nullable String error,
            @Bind("now") long now);

    @SqlUpdate
    int retryLater(
            @Bind("id") long id,
            @Bind("errorCode") String errorCode,
            @Bind("error") @Nullable String error,
            @Bind("retryAt") long retryAt,
            @Bind("now") long now);

    @SqlQuery
    List<Refund> due(@Bind("now") long now, @Bind("limit") int limit);

    @SqlQuery
    List<DuePayment> latePaymentsDue(
            @BindList("channels") List<String> channels, @Bind("paidBefore") long paidBefore, @Bind("limit") int limit);

    @SqlQuery
    List<DuePayment> duplicatePaymentsDue(
            @BindList("channels") List<String> channels, @Bind("paidBefore") long paidBefore, @Bind("limit") int limit);

    @SqlQuery
    List<DuePayment> undeliverableDue(
            @BindList("channels") List<String> channels, @Bind("paidBefore") long paidBefore, @Bind("limit") int limit);
}
