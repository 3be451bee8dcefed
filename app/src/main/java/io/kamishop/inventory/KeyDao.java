package io.kamishop.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(KeyRow.class)
@RegisterConstructorMapper(ShelfKey.class)
public interface KeyDao {

    @SqlQuery
    @KeyColumn("status")
    @ValueColumn("n")
    Map<String, Long> countByStatus(@Bind("productId") long productId);

    @SqlQuery
    @KeyColumn("product_id")
    @ValueColumn("n")
    Map<Long, Long> availableByProduct();

    /** Available keys of a product, counted only up to {@code limit}: cost bounded by the limit, not the stock. */
    @SqlQuery
    long countAvailableUpTo(@Bind("productId") long productId, @Bind("limit") long limit);

    // reserve.sql is run through plain JDBC by InventoryService (FastSql): every order placed claims its keys.

    @SqlUpdate
    int release(@Bind("orderId") long orderId, @Bind("now") long now);

    // sell.sql is run through plain JDBC by InventoryService (FastSql): on every payment's path.

    @SqlQuery
    List<KeyRow> soldTo(@Bind("orderId") long orderId);

    @SqlUpdate
    int insertSold(
            @Bind("productId") long productId,
            @Bind("fingerprint") byte[] fingerprint,
            @Bind("sealed") byte[] sealed,
            @Bind("orderId") long orderId,
            @Bind("now") long now);

    /** A shared product's keys: they stay available, every buyer gets a copy. */
    @SqlQuery
    List<KeyRow> sharedKeys(@Bind("productId") long productId);

    @SqlQuery
    Optional<Long> orderOfSoldKey(@Bind("productId") long productId, @Bind("fingerprint") byte[] fingerprint);

    @SqlQuery
    List<ShelfKey> shelfPage(@Bind("productId") long productId, @Bind("after") long after, @Bind("limit") int limit);

    @SqlQuery
    List<ShelfKey> shelfPageMatching(
            @Bind("productId") long productId,
            @Bind("fingerprint") byte[] fingerprint,
            @Bind("orderNo") String orderNo,
            @Bind("after") long after,
            @Bind("limit") int limit);

    @SqlQuery
    Optional<String> statusOf(@Bind("productId") long productId, @Bind("keyId") long keyId);

    @SqlUpdate
    int deleteUnsold(@Bind("productId") long productId, @Bind("keyId") long keyId);

    /** The product's available keys after {@code after}, in import order: one page of an export. */
    @SqlQuery
    List<KeyRow> unsoldPage(@Bind("p") long productId, @Bind("after") long afterId, @Bind("limit") int limit);

    /** One conditional DELETE: an order racing for a key keeps it. */
    @SqlUpdate
    int deleteAllUnsold(@Bind("p") long productId);
}
