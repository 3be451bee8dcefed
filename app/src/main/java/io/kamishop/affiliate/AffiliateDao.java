package io.kamishop.affiliate;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** The affiliate tables (V400). */
@UseClasspathSqlLocator
@RegisterConstructorMapper(Affiliate.class)
@RegisterConstructorMapper(Commission.class)
@RegisterConstructorMapper(CommissionRule.class)
@RegisterConstructorMapper(Withdrawal.class)
public interface AffiliateDao {

    @SqlUpdate
    int insertAffiliate(
            @Bind("accountId") long accountId,
            @Bind("code") String code,
            @Bind("parentId") @Nullable Long parentId,
            @Bind("now") long now);

    @SqlQuery
    Optional<Affiliate> affiliateOfAccount(@Bind("accountId") long accountId);

    @SqlQuery
    Optional<Affiliate> affiliateByCode(@Bind("code") String code);

    @SqlQuery
    Optional<Affiliate> affiliateById(@Bind("id") long id);

    @SqlQuery
    List<Affiliate> affiliates(@Bind("beforeId") long beforeId, @Bind("limit") int limit);

    @SqlUpdate
    int countClick(@Bind("id") long id);

    @SqlQuery
    Optional<Long> referrerOfAccount(@Bind("accountId") long accountId, @Bind("now") long now);

    @SqlUpdate
    int referAccount(
            @Bind("accountId") long accountId,
            @Bind("affiliateId") long affiliateId,
            @Bind("expiresAt") long expiresAt,
            @Bind("now") long now);

    @SqlUpdate
    int insertAttribution(@Bind("orderId") long orderId, @Bind("affiliateId") long affiliateId, @Bind("now") long now);

    @SqlQuery
    Optional<Long> attributionOf(@Bind("orderId") long orderId);

    @SqlQuery
    long attributedOrders(@Bind("affiliateId") long affiliateId);

    @SqlQuery
    List<CommissionRule> rules();

    @SqlUpdate
    int putRule(
            @Bind("scope") String scope,
            @Bind("target") String target,
            @Bind("level") int level,
            @Bind("kind") String kind,
            @Bind("amount") long amount,
            @Bind("now") long now);

    @SqlUpdate
    int deleteRule(@Bind("id") long id);

    @SqlUpdate
    int insertCommission(
            @Bind("orderId") long orderId,
            @Bind("affiliateId") long affiliateId,
            @Bind("level") int level,
            @Bind("amount") long amount,
            @Bind("currency") String currency,
            @Bind("availableAt") long availableAt,
            @Bind("now") long now);

    @SqlUpdate
    int lockCommission(@Bind("id") long id);

    @SqlQuery
    Optional<Commission> commission(@Bind("id") long id);

    @SqlQuery
    List<Long> commissionsOfOrder(@Bind("orderId") long orderId);

    @SqlQuery
    List<Commission> commissionsOf(
            @Bind("affiliateId") long affiliateId, @Bind("beforeId") long beforeId, @Bind("limit") int limit);

    @SqlUpdate
    int lockAffiliate(@Bind("id") long id);

    @SqlUpdate
    int recordNetting(@Bind("id") long id, @Bind("netted") long netted);

    @SqlUpdate
    int countClickOnce(
            @Bind("id") long id, @Bind("visitor") String visitor, @Bind("now") long now, @Bind("since") long since);

    @SqlUpdate
    int forgetClicksBefore(@Bind("since") long since);

    @SqlUpdate
    int referChat(
            @Bind("userId") long userId,
            @Bind("affiliateId") long affiliateId,
            @Bind("expiresAt") long expiresAt,
            @Bind("now") long now);

    @SqlQuery
    Optional<Long> referrerOfChat(@Bind("userId") long userId, @Bind("now") long now);

    @SqlQuery
    List<Long> dueCommissions(@Bind("now") long now, @Bind("limit") int limit);

    @SqlUpdate
    int markAvailable(@Bind("id") long id);

    @SqlUpdate
    int recordReversal(@Bind("id") long id, @Bind("taken") long taken, @Bind("unrecovered") long unrecovered);

    @SqlQuery
    long insertWithdrawal(
            @Bind("affiliateId") long affiliateId,
            @Bind("amount") long amount,
            @Bind("currency") String currency,
            @Bind("note") String note,
            @Bind("now") long now);

    @SqlQuery
    Optional<Withdrawal> withdrawal(@Bind("id") long id);

    @SqlQuery
    List<Withdrawal> withdrawals(
            @Bind("status") String status,
            @Bind("affiliateId") long affiliateId,
            @Bind("beforeId") long beforeId,
            @Bind("limit") int limit);

    @SqlUpdate
    int decideWithdrawal(
            @Bind("id") long id,
            @Bind("status") String status,
            @Bind("by") String by,
            @Bind("payout") String payout,
            @Bind("now") long now);
}
