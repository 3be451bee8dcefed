package io.kamishop.order;

import io.kamishop.db.Database;
import io.kamishop.db.SqlFiles;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

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

    private static final String BY_STATUS = SqlFiles.read(OrderSearch.class, "OrderSearch/byStatus.sql");
    private static final String BY_STATUS_ONLY = SqlFiles.read(OrderSearch.class, "OrderSearch/byStatusOnly.sql");
    private static final String BY_IDENTIFIER = SqlFiles.read(OrderSearch.class, "OrderSearch/byIdentifier.sql");
    private static final String BY_EMAIL = SqlFiles.read(OrderSearch.class, "OrderSearch/byEmail.sql");
    private static final String BY_TEXT = SqlFiles.read(OrderSearch.class, "OrderSearch/byText.sql");
    /** A whole address: something, one @, a domain with a dot; no spaces. */
    private static final Pattern WHOLE_EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Database database;

    public OrderSearch(Database database) {
        this.database = database;
    }

    public List<Order> find(OrderStatus status, String text, int limit, long beforeId) {
        String statusCode = status == null ? "" : status.code();
        String q = text == null ? "" : text.strip();
        return database.read(h -> {
            if (q.isEmpty()) {
                return page(h, status == null ? BY_STATUS : BY_STATUS_ONLY, statusCode, limit, beforeId).list();
            }
            List<Order> exact = page(h, BY_IDENTIFIER, statusCode, limit, beforeId).bindQ(q).list();
            if (!exact.isEmpty()) {
                return exact;
            }
            String lower = q.toLowerCase(Locale.ROOT);
            if (WHOLE_EMAIL.matcher(q).matches()) {
                List<Order> buyer = page(h, BY_EMAIL, statusCode, limit, beforeId).bindEmail(lower).list();
                if (!buyer.isEmpty()) {
                    return buyer;
                }
            }
            String escaped = lower.replace("!", "!!").replace("%", "!%").replace("_", "!_");
            return page(h, BY_TEXT, statusCode, limit, beforeId).bindLike("%" + escaped + "%").list();
        });
    }

    private static Page page(Handle h, String sql, String status, int limit, long beforeId) {
        return new Page(h.createQuery(sql).bind("before", beforeId).bind("limit", limit).bind("status", status));
    }

    /** One of the queries above, bound as far as every one of them is. */
    private record Page(org.jdbi.v3.core.statement.Query query) {
        Page bindQ(String q) {
            query.bind("q", q);
            return this;
        }

        Page bindEmail(String email) {
            query.bind("email", email);
            return this;
        }

        Page bindLike(String like) {
            query.bind("like", like);
            return this;
        }

        List<Order> list() {
            return query.map(ConstructorMapper.of(Order.class)).list();
        }
    }
}
