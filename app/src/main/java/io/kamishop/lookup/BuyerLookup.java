package io.kamishop.lookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kamishop.archive.OrderArchive;
import io.kamishop.crypto.PasswordHasher;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.domain.Requester;
import io.kamishop.order.Order;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.OrderService;
import io.kamishop.order.PlacementStep;
import io.kamishop.order.PriceQuote;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The buyer's query password: set (optionally) at checkout, it lets a buyer find their orders later
 * by order number or email without the token link.
 *
 * <p>{@link #find(String, String, String, Requester)} is the one use case behind every door (the JSON API
 * and the storefront's look-up form): the same checks, the same per-address budget.
 *
 * <p>A look-up always does the same work, {@link #CANDIDATES} Argon2id checks, whether the email has
 * orders or not, so neither the answer nor its timing tells a stranger that an email bought here.
 */
public final class BuyerLookup implements PlacementStep {

    /** How many of an email's most recent password-protected orders a look-up considers. */
    static final int CANDIDATES = 3;
    /** Each look-up costs several Argon2id runs: a per-address budget keeps guessing and load in check. */
    static final int LOOKUPS_PER_MINUTE = 10;

    private final Database database;
    private final OrderService orders;
    private final Clock clock;
    private static final PasswordHasher PASSWORDS = new PasswordHasher();
    /** A hash nobody's password matches: keeps look-ups constant-time. */
    private final String decoy = PASSWORDS.decoy();

    private final Cache<String, AtomicInteger> recent = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build();

    private final OrderArchive archive;

    /** The merchant's bot brake (a proof of work, when switched on), as at checkout. */
    private final Consumer<Requester> botBrake;

    /** {@code archive}: look-ups find archived orders too; {@code botBrake}: asked before every look-up. */
    public BuyerLookup(
            Database database, OrderService orders, OrderArchive archive, Consumer<Requester> botBrake, Clock clock) {
        this.database = database;
        this.orders = orders;
        this.archive = archive;
        this.botBrake = botBrake;
        this.clock = clock;
    }

    /** Checks and hashes a password given at checkout, before the placing transaction (Argon2 is slow by design). */
    public @Nullable String hashForCheckout(@Nullable String password) {
        if (password == null) {
            return null;
        }
        if (password.length() < 6 || password.length() > 128) {
            throw Refusal.invalidFields(
                    "invalid_order", "the order is not valid", Map.of("queryPassword", "must be 6 to 128 characters"));
        }
        return PASSWORDS.hash(password);
    }

    @Override
    public void placed(Tx tx, Order order, OrderRequest request, PriceQuote quote) {
        if (request.queryPasswordHash() != null) {
            tx.dao(QueryPasswordDao.class)
                    .insert(
                            order.id(),
                            order.email().toLowerCase(Locale.ROOT),
                            request.queryPasswordHash(),
                            clock.millis());
        }
    }

    /**
     * The buyer's look-up at any door: exactly one of {@code orderNo} and {@code email}, with the password.
     * Malformed input is refused (400) before it costs anything; more than {@link #LOOKUPS_PER_MINUTE} from
     * one address are refused (429); a miss is an empty list, the same for a wrong password and an unknown email.
     */
    public List<Order> find(
            @Nullable String orderNo, @Nullable String email, @Nullable String password, Requester requester) {
        if (password == null || password.isEmpty() || (orderNo == null) == (email == null)) {
            throw Refusal.badRequest("invalid_lookup", "give exactly one of orderNo and email, with queryPassword");
        }
        if (password.length() > 128
                || email != null && email.length() > 254
                || orderNo != null && orderNo.length() > 32) {
            throw Refusal.badRequest("invalid_lookup", "the order number, email or password is too long");
        }
        if (recent.get(requester.address(), ip -> new AtomicInteger()).incrementAndGet() > LOOKUPS_PER_MINUTE) {
            throw new Refusal(
                    Refusal.Kind.RATE_LIMITED,
                    "rate_limited",
                    "too many look-ups; try again in a minute",
                    Map.of("retryAfterSeconds", 60L));
        }
        botBrake.accept(requester);
        return find(orderNo, email, password);
    }

    /** The orders, by order number or by email, whose query password is {@code password}; empty when none. */
    List<Order> find(@Nullable String orderNo, @Nullable String email, String password) {
        List<StoredPassword> candidates = database.read(tx -> {
            QueryPasswordDao dao = tx.dao(QueryPasswordDao.class);
            if (orderNo != null) {
                Optional<Long> id = orders.find(orderNo)
                        .map(Order::id)
                        .or(() -> archive.find(orderNo).map(a -> a.id()));
                return id.flatMap(dao::byOrder).map(List::of).orElse(List.of());
            }
            // Exactly one of the two is given (the public find refuses anything else): no number, so an email.
            return dao.byEmail(Objects.requireNonNull(email).strip().toLowerCase(Locale.ROOT), CANDIDATES);
        });
        List<Long> matching = new ArrayList<>();
        for (int i = 0; i < CANDIDATES; i++) {
            if (i < candidates.size()) {
                if (PASSWORDS.verify(password, candidates.get(i).passwordHash())) {
                    matching.add(candidates.get(i).orderId());
                }
            } else {
                PASSWORDS.verify(password, decoy);
            }
        }
        List<Order> found = new ArrayList<>();
        for (long id : matching) {
            // A match is hot or archived; an archived one is shown read-only, its keys from the archive.
            Optional<Order> hot = database.read(tx -> orders.findById(tx, id));
            hot.or(() -> archive.order(id)).ifPresent(found::add);
        }
        return found;
    }
}
