package io.kamishop.lookup;

import io.kamishop.db.Database;
import io.kamishop.order.Order;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.OrderService;
import io.kamishop.order.PlacementStep;
import io.kamishop.order.PriceQuote;
import io.kamishop.domain.Refusal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The buyer's query password: set (optionally) at checkout, it lets a buyer find their orders later
 * by order number or email without the token link.
 *
 * <p>A look-up always does the same work, {@link #CANDIDATES} Argon2id checks, whether the email has
 * orders or not, so neither the answer nor its timing tells a stranger that an email bought here.
 */
public final class BuyerLookup implements PlacementStep {

    /** How many of an email's most recent password-protected orders a look-up considers. */
    static final int CANDIDATES = 3;

    private final Database database;
    private final OrderService orders;
    private final Clock clock;
    /** A hash nobody's password matches: keeps look-ups constant-time. */
    private final String decoy = Argon2id.decoy();

    public BuyerLookup(Database database, OrderService orders, Clock clock) {
        this.database = database;
        this.orders = orders;
        this.clock = clock;
    }

    /** Checks and hashes a password given at checkout, before the placing transaction (Argon2 is slow by design). */
    public String hashForCheckout(String password) {
        if (password == null) {
            return null;
        }
        if (password.length() < 6 || password.length() > 128) {
            throw Refusal.invalidFields("invalid_order", "the order is not valid",
                    Map.of("queryPassword", "must be 6 to 128 characters"));
        }
        return Argon2id.hash(password);
    }

    @Override
    public void placed(Handle h, Order order, OrderRequest request, PriceQuote quote) {
        if (request.queryPasswordHash() != null) {
            h.attach(QueryPasswordDao.class).insert(order.id(), order.email().toLowerCase(Locale.ROOT),
                    request.queryPasswordHash(), clock.millis());
        }
    }

    /** The orders, by order number or by email, whose query password is {@code password}; empty when none. */
    public List<Order> find(String orderNo, String email, String password) {
        List<StoredPassword> candidates = database.read(h -> {
            QueryPasswordDao dao = h.attach(QueryPasswordDao.class);
            if (orderNo != null) {
                return orders.find(orderNo).flatMap(o -> dao.byOrder(o.id())).map(List::of).orElse(List.of());
            }
            return dao.byEmail(email.strip().toLowerCase(Locale.ROOT), CANDIDATES);
        });
        List<Long> matching = new ArrayList<>();
        for (int i = 0; i < CANDIDATES; i++) {
            if (i < candidates.size()) {
                if (Argon2id.verify(password, candidates.get(i).passwordHash())) {
                    matching.add(candidates.get(i).orderId());
                }
            } else {
                Argon2id.verify(password, decoy);
            }
        }
        return database.read(h -> matching.stream().map(id -> orders.reload(h, id)).toList());
    }
}
