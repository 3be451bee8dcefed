package io.kamishop.order;

import io.kamishop.db.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * The merchant's order search: by status, and by a free text that is an order number, an email (or
 * part of one), or a gateway reference. Newest first, paged by id.
 */
public final class OrderSearch {

    private final Database database;

    public OrderSearch(Database database) {
        this.database = database;
    }

    public List<Order> find(OrderStatus status, String text, int limit, long beforeId) {
        List<String> where = new ArrayList<>();
        where.add("id < :before");
        if (status != null) {
            where.add("status = :status");
        }
        String q = text == null ? "" : text.strip();
        if (!q.isEmpty()) {
            where.add("(order_no = :q OR gateway_ref = :q OR LOWER(email) LIKE :like ESCAPE '!')");
        }
        String sql = "SELECT * FROM orders WHERE " + String.join(" AND ", where) + " ORDER BY id DESC LIMIT :limit";
        return database.read(h -> {
            Query query = h.createQuery(sql).bind("before", beforeId).bind("limit", limit);
            if (status != null) {
                query.bind("status", status.code());
            }
            if (!q.isEmpty()) {
                String escaped = q.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
                query.bind("q", q).bind("like", "%" + escaped + "%");
            }
            return query.map(ConstructorMapper.of(Order.class)).list();
        });
    }
}
