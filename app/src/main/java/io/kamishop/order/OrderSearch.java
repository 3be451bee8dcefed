package io.kamishop.order;

import io.kamishop.db.Database;
import java.util.List;
import java.util.Locale;

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
        String q = text == null ? "" : text.strip();
        if (q.isEmpty()) {
            return database.read(h -> status == null ? h.attach(OrderSearchDao.class).newest(beforeId, limit)
                    : h.attach(OrderSearchDao.class).newestInStatus(status.code(), beforeId, limit));
        }
        String escaped = q.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        String like = "%" + escaped + "%";
        return database.read(h -> status == null ? h.attach(OrderSearchDao.class).newestMatching(q, like, beforeId, limit)
                : h.attach(OrderSearchDao.class).newestInStatusMatching(status.code(), q, like, beforeId, limit));
    }
}
