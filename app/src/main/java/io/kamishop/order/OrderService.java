package io.kamishop.order;

import io.kamishop.audit.AuditLog;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.inventory.InventoryService;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders: placing one (which holds its keys), the status machine, expiry, and the buyer's look-up.
 */
public final class OrderService {

    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);
    // Deliberately loose: one @, no spaces, a dot in the domain. Mail delivery is the real check.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}");

    private final Database database;
    private final CatalogService catalog;
    private final InventoryService inventory;
    private final StoreSettings settings;
    private static final String MAIL_LINK_PREFIX = "m";
    private final KeyedHash tokenHash;
    private final java.util.function.BiPredicate<String, io.kamishop.domain.Audience> channelAvailable;
    private final OrderTransitions transitions;
    private final OrderChanges changes;
    private final AuditLog audit;
    private final Clock clock;
    private final List<PlacementStep> placementSteps = new CopyOnWriteArrayList<>();
    private final OrderGate gate;

    public OrderService(
            Database database,
            CatalogService catalog,
            InventoryService inventory,
            StoreSettings settings,
            KeyedHash tokenHash,
            java.util.function.BiPredicate<String, io.kamishop.domain.Audience> channelAvailable,
            OrderTransitions transitions,
            OrderGate gate) {
        this.database = database;
        this.catalog = catalog;
        this.inventory = inventory;
        this.settings = settings;
        this.tokenHash = tokenHash;
        this.channelAvailable = channelAvailable;
        this.transitions = transitions;
        this.changes = transitions.changes();
        this.audit = transitions.audit();
        this.clock = transitions.clock();
        this.gate = gate;
    }

    /** Adds a step to every order placement (pricing, coupons...); wired once, before the store serves. */
    public void addPlacementStep(PlacementStep step) {
        placementSteps.add(step);
    }

    /**
     * Places a pending order holding exactly {@code quantity} keys (or units of a shared, file, manual or
     * generated product), or throws 409 {@code out_of_stock} having changed nothing. The order row and
     * its reservation commit together.
     */
    public PlacedOrder place(OrderRequest request) {
        validate(request);
        Product product = catalog.find(request.productId())
                .filter(Product::active)
                .orElseThrow(() -> Refusal.notFound(
                        "product_not_found", "there is no product " + request.productId() + " on sale"));
        if (!channelAvailable.test(
                request.channel(), new io.kamishop.domain.Audience(request.requester(), request.email()))) {
            throw Refusal.invalid(
                    "channel_unavailable", "the payment channel '" + request.channel() + "' is not available");
        }
        OrderGate.Admission admission = gate.admit(request, product);
        String token = Tokens.random();
        long now = clock.millis();
        long holdMillis = Duration.ofMinutes(settings.getInt(StoreSettings.ORDER_HOLD_MINUTES))
                .toMillis();
        // Grouped: in a rush of buyers, placements that queue share one commit (one fsync on SQLite);
        // a refused one (out of stock) is rolled back alone and the others still commit.
        Order placed = database.writeGrouped(tx -> {
            PriceQuote quote = PriceQuote.listPrice(product, request.quantity());
            for (PlacementStep step : placementSteps) {
                quote = step.price(tx, product, request, quote);
            }
            Order draft = new Order(
                    0,
                    OrderNumbers.next(clock),
                    product.id(),
                    product.name(),
                    request.quantity(),
                    quote.unitPrice(),
                    quote.amount(),
                    product.currency(),
                    request.email().strip(),
                    request.channel(),
                    OrderStatus.PENDING.code(),
                    tokenHash.hex(token),
                    request.buyerIp(),
                    null,
                    now,
                    now + holdMillis,
                    now,
                    quote.fee());
            // Every column is written from the draft: no read-back.
            Order created = insertNumbered(tx, draft, () -> OrderNumbers.next(clock));
            long id = created.id();
            OrderDao dao = tx.dao(OrderDao.class);
            boolean held = inventory.reserve(tx, product.id(), id, request.quantity());
            if (!held) {
                // Stock may only look short because expired orders still hold keys the sweeper has
                // not released yet: release them now and try once more before saying no.
                if (expireOverdue(tx, dao.pendingExpiredForProduct(product.id(), clock.millis())) > 0) {
                    held = inventory.reserve(tx, product.id(), id, request.quantity());
                }
                if (!held) {
                    throw Refusal.conflict(
                            "out_of_stock",
                            "not enough stock for " + request.quantity() + " of '" + product.name() + "'");
                }
            }
            transitions.record(
                    tx,
                    OrderDao.NewEvent.of(
                            id,
                            "created",
                            null,
                            OrderStatus.PENDING.code(),
                            EventDetail.of("created", request.quantity(), product.name(), request.channel()),
                            now));
            audit.append(
                    tx,
                    "buyer:" + request.buyerIp(),
                    "order.created",
                    created.orderNo(),
                    request.quantity() + " × #" + product.id() + " " + created.amount() + " " + product.currency());
            for (PlacementStep step : placementSteps) {
                step.placed(tx, created, request, quote);
            }
            changes.publishInTransaction(tx, new OrderChange(created, null, OrderStatus.PENDING, "created"));
            admission.placed(tx, created);
            database.afterCommit(() -> changes.publish(new OrderChange(created, null, OrderStatus.PENDING, "created")));
            return created;
        });
        return new PlacedOrder(placed, token);
    }

    private void validate(OrderRequest request) {
        Map<String, String> problems = new LinkedHashMap<>();
        int max = settings.getInt(StoreSettings.MAX_QUANTITY);
        if (request.quantity() < 1 || request.quantity() > max) {
            problems.put("quantity", "must be a whole number from 1 to " + max);
        }
        if (request.email() == null
                || request.email().length() > 254
                || !EMAIL.matcher(request.email().strip()).matches()) {
            problems.put("email", "must be an email address");
        }
        if (request.channel() == null || request.channel().isBlank()) {
            problems.put("channel", "must name a payment channel");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_order", "the order is not valid", problems);
        }
    }

    public Optional<Order> find(@Nullable String orderNo) {
        if (orderNo == null || orderNo.length() > 32) {
            return Optional.empty();
        }
        return database.read(tx -> FIND_BY_NO.first(tx, ORDER_ROWS, orderNo));
    }

    public Order require(String orderNo) {
        return find(orderNo).orElseThrow(OrderService::orderNotFound);
    }

    /**
     * The order, if the token is the one handed out when it was placed. A wrong token and an unknown
     * order look the same from outside, so order numbers cannot be probed.
     */
    public Order requireForBuyer(String orderNo, @Nullable String token) {
        Order order = find(orderNo).orElse(null);
        if (order == null || !tokenOpens(order, token)) {
            throw orderNotFound();
        }
        return order;
    }

    /** Whether {@code token} is the order's checkout token or its mail-link token (for archived orders too). */
    public boolean tokenOpens(Order order, @Nullable String token) {
        return token != null
                && token.length() <= 100
                && (tokenHash.matches(token, order.lookupTokenHash()) || isMailLinkToken(order.orderNo(), token));
    }

    /**
     * The token of the order link in the buyer's mails. The token handed out at checkout is stored
     * only as a hash, so a mail written later cannot repeat it; this one is derived from the order
     * number with the store's keyed hash instead: only the store can make it, it opens only its own
     * order, and it grants what the checkout token grants (the mail carries the keys anyway).
     */
    public String mailLinkToken(String orderNo) {
        return MAIL_LINK_PREFIX + tokenHash.hex("order-mail-link:" + orderNo);
    }

    private boolean isMailLinkToken(String orderNo, String token) {
        return token.startsWith(MAIL_LINK_PREFIX)
                && java.security.MessageDigest.isEqual(
                        token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        mailLinkToken(orderNo).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public List<OrderEvent> history(long orderId) {
        return database.read(tx -> tx.dao(OrderDao.class).events(orderId));
    }

    /** The orders placed with this address in any letter case, newest first (a buyer account's "my orders"). */
    public List<Order> forEmail(String email, int limit, long beforeId) {
        String lower = email.strip().toLowerCase(java.util.Locale.ROOT);
        return database.read(
                tx -> tx.dao(OrderDao.class).byEmail(lower, limit, beforeId <= 0 ? Long.MAX_VALUE : beforeId));
    }

    public List<Order> recent(@Nullable OrderStatus status, int limit, long beforeId) {
        return database.read(
                tx -> tx.dao(OrderDao.class).recent(status == null ? null : status.code(), limit, beforeId));
    }

    /** How many numbers a placement draws before it gives up; a second draw is already taken once in ~10^10 / n. */
    static final int NUMBER_DRAWS = 5;

    /**
     * Inserts the draft and returns it with its id, under the first of its number and then {@code numbers}' that no
     * order has. A number is the minute and ten random digits, so two orders of one busy minute can draw the same:
     * at 600 orders a second, about one minute in sixteen has such a pair (the benchmark met one). The number taken is
     * drawn again instead of the placement failing on the unique index; the insert skips a taken number rather than
     * failing, since on PostgreSQL a failed statement spoils the transaction.
     *
     * @throws IllegalStateException after {@link #NUMBER_DRAWS} numbers all taken (a broken random source)
     */
    static Order insertNumbered(Tx tx, Order draft, Supplier<String> numbers) {
        Order numbered = draft;
        for (int draw = 1; ; draw++) {
            Optional<Long> id = insert(tx, numbered);
            if (id.isPresent()) {
                return numbered.withId(id.get());
            }
            if (draw == NUMBER_DRAWS) {
                throw new IllegalStateException("no free order number in " + NUMBER_DRAWS + " draws");
            }
            numbered = numbered.withOrderNo(numbers.get());
        }
    }

    /**
     * The new order's id, or none when its number is taken (RETURNING: the SQLite driver's generated-keys query is
     * switched off, see Database).
     */
    private static Optional<Long> insert(Tx tx, Order o) {
        return INSERT.first(
                tx,
                (rs, ctx) -> rs.getLong(1),
                o.orderNo(),
                o.productId(),
                o.productName(),
                o.quantity(),
                o.unitPrice(),
                o.amount(),
                o.currency(),
                o.email(),
                o.channel(),
                o.status(),
                o.lookupTokenHash(),
                o.buyerIp(),
                o.gatewayRef(),
                o.createdAt(),
                o.expiresAt(),
                o.updatedAt(),
                o.fee());
    }

    public void recordGatewayRef(long orderId, String gatewayRef) {
        database.writeGrouped(tx -> SET_GATEWAY_REF.update(tx, orderId, gatewayRef));
    }

    /** {@link OrderTransitions#move}. */
    public boolean move(Tx tx, Order order, OrderStatus to, String kind, EventDetail detail) {
        return transitions.move(tx, order, to, kind, detail);
    }

    /** {@link OrderTransitions#advance}. */
    public Optional<Order> advance(Tx tx, Order order, OrderStatus to, String kind, EventDetail detail) {
        return transitions.advance(tx, order, to, kind, detail);
    }

    /**
     * Within the caller's transaction: puts a pending order on another payment channel, asking
     * {@code amount} (the goods plus that channel's {@code fee}). The channel left behind is remembered
     * with what it asked, so its gateway's payment still settles the order (see {@link #earlierAmount}).
     * Returns the order as it now is; empty when it is no longer pending on the channel it was read with.
     */
    public Optional<Order> switchChannel(Tx tx, Order pending, String channel, long fee, long amount) {
        long now = clock.millis();
        OrderDao dao = tx.dao(OrderDao.class);
        if (dao.switchChannel(pending.id(), pending.channel(), channel, fee, amount, now) == 0) {
            return Optional.empty();
        }
        dao.rememberOffer(pending.id(), pending.channel(), pending.amount(), pending.fee(), now);
        note(
                tx,
                pending.id(),
                "channel_switched",
                EventDetail.of(
                        "channel_switched",
                        pending.channel(),
                        channel,
                        OrderCsv.major(pending.amount(), pending.currency()),
                        OrderCsv.major(amount, pending.currency()) + " " + pending.currency()));
        audit.append(tx, "buyer", "order.channel_switched", pending.orderNo(), pending.channel() + " -> " + channel);
        return Optional.of(reload(tx, pending.id()));
    }

    /**
     * Within the caller's transaction: the amount an earlier channel of the order asked, for a channel the
     * buyer switched away from; empty when the order was never offered through a channel {@code accepts}.
     */
    public Optional<Long> earlierAmount(Tx tx, long orderId, Predicate<String> accepts) {
        return tx.dao(OrderDao.class).earlierOffers(orderId).stream()
                .filter(o -> accepts.test(o.channel()))
                .map(OrderDao.EarlierOffer::amount)
                .findFirst();
    }

    /** {@link OrderTransitions#note}. */
    public void note(Tx tx, long orderId, String kind, EventDetail detail) {
        transitions.note(tx, orderId, kind, detail);
    }

    // Run by every payment on the serial write path, so through plain JDBC (see FastSql).
    private static final FastSql FIND_BY_NO = FastSql.of(OrderDao.class, "findByNo", "orderNo");
    private static final OrderDao.OrderMapper ORDER_ROWS = new OrderDao.OrderMapper();
    private static final FastSql INSERT = FastSql.of(
            OrderDao.class,
            "insert",
            "orderNo",
            "productId",
            "productName",
            "quantity",
            "unitPrice",
            "amount",
            "currency",
            "email",
            "channel",
            "status",
            "lookupTokenHash",
            "buyerIp",
            "gatewayRef",
            "createdAt",
            "expiresAt",
            "updatedAt",
            "fee");
    private static final FastSql SET_GATEWAY_REF = FastSql.of(OrderDao.class, "setGatewayRef", "id", "gatewayRef");

    /** The status of an order by id, as it is now. */
    public OrderStatus statusOf(long orderId) {
        return database.read(tx -> reload(tx, orderId)).state();
    }

    /** {@link OrderTransitions#reload}. */
    public Order reload(Tx tx, long orderId) {
        return transitions.reload(tx, orderId);
    }

    /** The order with this id if it is in the hot tables (an archived one is not). */
    public Optional<Order> findById(Tx tx, long orderId) {
        return tx.dao(OrderDao.class).find(orderId);
    }

    /** Expires every pending order whose hold has run out, giving its keys back. Returns how many. */
    public int expireDue() {
        int total = 0;
        while (true) {
            List<Long> due = database.read(tx -> tx.dao(OrderDao.class).pendingExpiredBy(clock.millis(), 200));
            if (due.isEmpty()) {
                return total;
            }
            int expired = database.write(tx -> expireOverdue(tx, due));
            total += expired;
            if (due.size() < 200 || expired == 0) {
                return total;
            }
        }
    }

    private int expireOverdue(Tx tx, List<Long> orderIds) {
        int expired = 0;
        for (long id : orderIds) {
            Order order = reload(tx, id);
            // Re-checked inside the transaction: a payment may have landed since the ids were read.
            if (order.state() == OrderStatus.PENDING
                    && order.expiresAt() <= clock.millis()
                    && expire(tx, order, EventDetail.of("hold_ran_out"))) {
                expired++;
            }
        }
        if (expired > 0) {
            LOG.info("expired {} unpaid order(s), their keys are back in stock", expired);
        }
        return expired;
    }

    /** Within the caller's transaction: expires a pending order and gives its keys back. False if it moved meanwhile. */
    public boolean expire(Tx tx, Order pending, EventDetail detail) {
        if (!move(tx, pending, OrderStatus.EXPIRED, "expired", detail)) {
            return false;
        }
        int released = inventory.release(tx, pending.id());
        if (released != pending.quantity()) {
            throw new IllegalStateException(
                    "order " + pending.orderNo() + " held " + released + " keys, expected " + pending.quantity());
        }
        return true;
    }

    /**
     * The merchant cancels a pending order: it moves to cancelled and its held keys go back to stock,
     * in one transaction. 409 {@code order_not_pending} once it is paid, expired or cancelled already.
     */
    public Order cancel(String orderNo, EventDetail detail) {
        Order order = require(orderNo);
        return database.write(tx -> {
            Order current = reload(tx, order.id());
            if (current.state() != OrderStatus.PENDING
                    || !move(tx, current, OrderStatus.CANCELLED, "cancelled", detail)) {
                throw Refusal.conflict(
                        "order_not_pending",
                        "only a pending order can be cancelled; this one is "
                                + reload(tx, order.id()).status());
            }
            int released = inventory.release(tx, current.id());
            if (released != current.quantity()) {
                throw new IllegalStateException(
                        "order " + current.orderNo() + " held " + released + " keys, expected " + current.quantity());
            }
            return reload(tx, current.id());
        });
    }

    static Refusal orderNotFound() {
        return Refusal.notFound("order_not_found", "no order with that number and token");
    }
}
