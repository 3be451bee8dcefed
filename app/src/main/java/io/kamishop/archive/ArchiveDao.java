package io.kamishop.archive;

import io.kamishop.order.Order;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.MapMapper;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/**
 * The archive's statements. An order's rows are read and deleted one table at a time, each by its own
 * statement file ({@code rowsX.sql}, {@code deleteX.sql}): which tables belong to an order is listed in
 * {@link OrderDocument}, and a new table that references orders must be added there and here.
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(Order.class)
@RegisterConstructorMapper(ArchivedOrder.class)
@RegisterConstructorMapper(Segment.class)
@RegisterConstructorMapper(TierSize.class)
public interface ArchiveDao {

    @SqlQuery
    List<Long> lockProduct(@Bind("productId") long productId);

    @SqlQuery
    List<Long> warmCandidates(@Bind("before") long before, @Bind("limit") int limit);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsOrder(@Bind("key") long orderId);

    @SqlUpdate
    int deleteOrder(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsTraces(@Bind("key") String orderNo);

    @SqlUpdate
    int deleteTraces(@Bind("key") String orderNo);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsEvents(@Bind("key") long orderId);

    @SqlUpdate
    int deleteEvents(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsKeys(@Bind("key") long orderId);

    @SqlUpdate
    int deleteKeys(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsDeliveries(@Bind("key") long orderId);

    @SqlUpdate
    int deleteDeliveries(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsNotifications(@Bind("key") long orderId);

    @SqlUpdate
    int deleteNotifications(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsRefunds(@Bind("key") long orderId);

    @SqlUpdate
    int deleteRefunds(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsChecks(@Bind("key") long orderId);

    @SqlUpdate
    int deleteChecks(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsOffers(@Bind("key") long orderId);

    @SqlUpdate
    int deleteOffers(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsPasswords(@Bind("key") long orderId);

    @SqlUpdate
    int deletePasswords(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsOutbox(@Bind("key") long orderId);

    @SqlUpdate
    int deleteOutbox(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsCouponUses(@Bind("key") long orderId);

    @SqlUpdate
    int deleteCouponUses(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsFlagExposures(@Bind("key") long orderId);

    @SqlUpdate
    int deleteFlagExposures(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsAffiliateOrders(@Bind("key") long orderId);

    @SqlUpdate
    int deleteAffiliateOrders(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsCommissions(@Bind("key") long orderId);

    @SqlUpdate
    int deleteCommissions(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsReviews(@Bind("key") long orderId);

    @SqlUpdate
    int deleteReviews(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsTelegramOrders(@Bind("key") long orderId);

    @SqlUpdate
    int deleteTelegramOrders(@Bind("key") long orderId);

    @SqlQuery
    @UseRowMapper(MapMapper.class)
    List<Map<String, Object>> rowsUnitHolds(@Bind("key") long orderId);

    @SqlUpdate
    int deleteUnitHolds(@Bind("key") long orderId);

    @SqlUpdate
    void insertArchived(
            @BindMethods Order order,
            @Bind("document") String document,
            @Bind("bytes") long bytes,
            @Bind("now") long now);

    @SqlUpdate
    void insertArchivedKey(
            @Bind("productId") long productId, @Bind("fingerprint") byte[] fingerprint, @Bind("orderId") long orderId);

    @SqlUpdate
    void insertArchivedPassword(
            @Bind("orderId") long orderId,
            @Bind("emailLower") String emailLower,
            @Bind("passwordHash") String passwordHash,
            @Bind("createdAt") long createdAt);

    @SqlQuery
    Optional<ArchivedOrder> byOrderNo(@Bind("orderNo") String orderNo);

    @SqlQuery
    Optional<ArchivedOrder> byId(@Bind("id") long id);

    @SqlQuery
    List<ArchivedOrder> coldCandidates(@Bind("before") long before, @Bind("limit") int limit);

    @SqlUpdate
    int markCold(@Bind("id") long id, @Bind("segment") String segment);

    @SqlUpdate
    int markWarm(@Bind("id") long id, @Bind("document") String document);

    @SqlUpdate
    void insertSegment(
            @Bind("name") String name,
            @Bind("store") String store,
            @Bind("orders") int orders,
            @Bind("bytes") long bytes,
            @Bind("sha256") String sha256,
            @Bind("now") long now);

    @SqlQuery
    Optional<Segment> segment(@Bind("name") String name);

    @SqlQuery
    List<ArchivedOrder> search(
            @Bind("status") String status,
            @Bind("q") String q,
            @Bind("lower") String lower,
            @Bind("pattern") String pattern,
            @Bind("before") long before,
            @Bind("limit") int limit);

    @SqlQuery
    List<TierSize> tierSizes();

    @SqlQuery
    long hotOrders();

    @SqlQuery
    long segmentBytes();

    /** SQLite: the hot tables' pages from dbstat. */
    @SqlQuery("hotBytes-sqlite")
    long hotBytesSqlite();

    @SqlQuery
    long hotBytes();
}
