package io.kamishop.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

@UseClasspathSqlLocator
@RegisterRowMapper(OrderDao.OrderMapper.class)
@RegisterConstructorMapper(OrderEvent.class)
public interface OrderDao {

    // Also here, run through plain JDBC by OrderService (FastSql), as every order runs them:
    // insert.sql, setGatewayRef.sql, findByNo.sql (an order by its number) and moveStatus.sql
    // (forward-only: moves the order only if it is still in :from).

    @SqlQuery
    Optional<Order> find(@Bind("id") long id);

    /** A line of an order's history, before it is stored. */
    record NewEvent(
            long orderId,
            String kind,
            @Nullable String fromStatus,
            @Nullable String toStatus,
            String detailCode,
            String detailArgs,
            long at) {

        static NewEvent of(
                long orderId,
                String kind,
                @Nullable String fromStatus,
                @Nullable String toStatus,
                EventDetail detail,
                long at) {
            return new NewEvent(orderId, kind, fromStatus, toStatus, detail.code(), detail.encodedArgs(), at);
        }
    }

    @SqlQuery
    List<OrderEvent> events(@Bind("orderId") long orderId);

    @SqlUpdate
    int switchChannel(
            @Bind("id") long id,
            @Bind("from") String from,
            @Bind("channel") String channel,
            @Bind("fee") long fee,
            @Bind("amount") long amount,
            @Bind("now") long now);

    @SqlUpdate
    void rememberOffer(
            @Bind("orderId") long orderId,
            @Bind("channel") String channel,
            @Bind("amount") long amount,
            @Bind("fee") long fee,
            @Bind("now") long now);

    /** A channel a pending order was offered through before the buyer switched, and the amount asked there. */
    record EarlierOffer(String channel, long amount) {}

    @SqlQuery
    @RegisterConstructorMapper(EarlierOffer.class)
    List<EarlierOffer> earlierOffers(@Bind("orderId") long orderId);

    @SqlQuery
    List<Long> pendingExpiredBy(@Bind("now") long now, @Bind("limit") int limit);

    @SqlQuery
    List<Long> pendingExpiredForProduct(@Bind("productId") long productId, @Bind("now") long now);

    @SqlQuery
    List<Order> byEmail(
            @Bind("emailLower") String emailLower, @Bind("limit") int limit, @Bind("beforeId") long beforeId);

    @SqlQuery
    List<Order> recent(
            @Bind("status") @Nullable String status, @Bind("limit") int limit, @Bind("beforeId") long beforeId);

    @SqlQuery
    List<Order> exportPage(
            @Bind("status") @Nullable String status,
            @Bind("from") @Nullable Long from,
            @Bind("to") @Nullable Long to,
            @Bind("productId") @Nullable Long productId,
            @Bind("channel") @Nullable String channel,
            @Bind("after") long after,
            @Bind("limit") int limit);

    /** A page of a date-range export after the last (created_at, id) written; see exportRangePage.sql. */
    @SqlQuery
    List<Order> exportRangePage(
            @Bind("status") @Nullable String status,
            @Bind("from") long from,
            @Bind("to") long to,
            @Bind("productId") @Nullable Long productId,
            @Bind("channel") @Nullable String channel,
            @Bind("afterAt") long afterAt,
            @Bind("afterId") long afterId,
            @Bind("limit") int limit);

    /**
     * Reads an {@link Order} row by column name. Written out rather than JDBI's constructor mapper
     * because an order is read several times in every payment's transaction, and the reflective mapper
     * works out its column-to-parameter plan again for every query (a visible share of the payment
     * path's CPU in JFR).
     */
    final class OrderMapper implements RowMapper<Order> {

        @Override
        public Order map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Order(
                    rs.getLong("id"),
                    rs.getString("order_no"),
                    rs.getLong("product_id"),
                    rs.getString("product_name"),
                    rs.getInt("quantity"),
                    rs.getLong("unit_price"),
                    rs.getLong("amount"),
                    rs.getString("currency"),
                    rs.getString("email"),
                    rs.getString("channel"),
                    rs.getString("status"),
                    rs.getString("lookup_token_hash"),
                    rs.getString("buyer_ip"),
                    rs.getString("gateway_ref"),
                    rs.getLong("created_at"),
                    rs.getLong("expires_at"),
                    rs.getLong("updated_at"),
                    rs.getLong("fee"));
        }
    }
}
