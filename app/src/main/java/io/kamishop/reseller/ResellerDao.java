package io.kamishop.reseller;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** The reseller tables (V510). */
@UseClasspathSqlLocator
@RegisterConstructorMapper(Reseller.class)
@RegisterConstructorMapper(Markup.class)
@RegisterConstructorMapper(ResellerOrder.class)
public interface ResellerDao {

    @SqlUpdate
    int insertReseller(
            @Bind("accountId") long accountId,
            @Bind("slug") String slug,
            @Bind("name") String name,
            @Bind("now") long now);

    @SqlQuery
    Optional<Reseller> resellerOfAccount(@Bind("accountId") long accountId);

    @SqlQuery
    Optional<Reseller> resellerById(@Bind("id") long id);

    @SqlQuery
    Optional<Reseller> resellerBySlug(@Bind("slug") String slug);

    @SqlQuery
    List<Reseller> resellersWithHost();

    /** 0 when another sub-store has the name. */
    @SqlUpdate
    int setHost(@Bind("id") long id, @Bind("host") @Nullable String host, @Bind("approved") boolean approved);

    @SqlQuery
    List<Reseller> resellers(@Bind("status") String status, @Bind("beforeId") long beforeId, @Bind("limit") int limit);

    @SqlUpdate
    int decide(
            @Bind("id") long id,
            @Bind("from") String from,
            @Bind("status") String status,
            @Bind("affiliateId") @Nullable Long affiliateId,
            @Bind("by") String by,
            @Bind("now") long now);

    @SqlUpdate
    int updateStore(
            @Bind("id") long id,
            @Bind("name") String name,
            @Bind("announcement") String announcement,
            @Bind("theme") String theme);

    @SqlUpdate
    int putMarkup(
            @Bind("resellerId") long resellerId,
            @Bind("productId") long productId,
            @Bind("kind") String kind,
            @Bind("amount") long amount,
            @Bind("now") long now);

    @SqlQuery
    Optional<Markup> markup(@Bind("resellerId") long resellerId, @Bind("productId") long productId);

    @SqlQuery
    List<Markup> markups(@Bind("resellerId") long resellerId);

    @SqlUpdate
    int insertOrder(
            @Bind("orderId") long orderId,
            @Bind("resellerId") long resellerId,
            @Bind("markup") long markup,
            @Bind("currency") String currency,
            @Bind("now") long now);

    @SqlUpdate
    int lockOrder(@Bind("orderId") long orderId);

    @SqlQuery
    Optional<ResellerOrder> order(@Bind("orderId") long orderId);

    @SqlUpdate
    int markPending(@Bind("orderId") long orderId, @Bind("availableAt") long availableAt);

    @SqlQuery
    List<Long> dueOrders(@Bind("now") long now, @Bind("limit") int limit);

    @SqlUpdate
    int markAvailable(@Bind("orderId") long orderId);

    @SqlUpdate
    int recordReversal(@Bind("orderId") long orderId, @Bind("taken") long taken, @Bind("unrecovered") long unrecovered);

    @SqlQuery
    List<ResellerOrder> ordersOf(
            @Bind("resellerId") long resellerId, @Bind("beforeId") long beforeId, @Bind("limit") int limit);

    @SqlUpdate
    int recordNetting(@Bind("orderId") long orderId, @Bind("netted") long netted);

    @SqlUpdate
    int insertToken(@Bind("resellerId") long resellerId, @Bind("tokenHash") String tokenHash, @Bind("now") long now);

    @SqlQuery
    Optional<Long> resellerOfToken(@Bind("tokenHash") String tokenHash);

    @SqlUpdate
    int revokeTokens(@Bind("resellerId") long resellerId, @Bind("now") long now);
}
