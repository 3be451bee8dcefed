package io.kamishop.order;

import io.kamishop.db.Database;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The merchant's order search: by status, and by a free text that is an order number, a gateway
 * reference, a buyer's e-mail, or part of an e-mail. Newest first, paged by id (keyset).
 *
 * <p>Each kind of text has its own indexed query, so a search stays fast when the store holds
 * millions of orders (bench/run --scale): an exact order number or gateway reference is answered
 * from their indexes, and a whole e-mail address from the (LOWER(email), id) index. Only text that
 * is none of these, or a whole address with no order, falls back to the substring match, which has
 * to read orders until a page is full. So a whole address finds that buyer's orders, not also those
 * of addresses that merely contain it.
 */
public final class OrderSearch {

    /** A whole address: something, one @, a domain with a dot; no spaces. */
    private static final Pattern WHOLE_EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Database database;

    public OrderSearch(Database database) {
        this.database = database;
    }

    public List<Order> find(@Nullable OrderStatus status, @Nullable String text, int limit, long beforeId) {
        String statusCode = status == null ? "" : status.code();
        String q = text == null ? "" : text.strip();
        return database.read(tx -> {
            OrderSearchDao search = tx.dao(OrderSearchDao.class);
            if (q.isEmpty()) {
                return status == null
                        ? search.byStatus(statusCode, beforeId, limit)
                        : search.byStatusOnly(statusCode, beforeId, limit);
            }
            List<Order> exact = search.byIdentifier(statusCode, q, beforeId, limit);
            if (!exact.isEmpty()) {
                return exact;
            }
            String lower = q.toLowerCase(Locale.ROOT);
            if (WHOLE_EMAIL.matcher(q).matches()) {
                List<Order> buyer = search.byEmail(statusCode, lower, beforeId, limit);
                if (!buyer.isEmpty()) {
                    return buyer;
                }
            }
            String escaped = lower.replace("!", "!!").replace("%", "!%").replace("_", "!_");
            return search.byText(statusCode, "%" + escaped + "%", beforeId, limit);
        });
    }
}
