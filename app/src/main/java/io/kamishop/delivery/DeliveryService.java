package io.kamishop.delivery;

import io.kamishop.api.KeyFormat;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.inventory.InventoryService;
import io.kamishop.inventory.KindSpec;
import io.kamishop.inventory.ProductFile;
import io.kamishop.inventory.ProductFiles;
import io.kamishop.inventory.ProductKind;
import io.kamishop.observability.Tracing;
import io.kamishop.order.EventDetail;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a paid order what it bought, by the product's kind, and shows it to the buyer.
 *
 * <ul>
 *   <li>card keys: the keys held since placement are sold, so two payments never meet on one key;</li>
 *   <li>shared: the held uses are sold and the product's shared keys are copied (sealed) to the order;</li>
 *   <li>file: the held copy is sold and the order names the product's current file (downloaded by signed link);</li>
 *   <li>generated: the product's {@code KeyFormat} makes the keys inside this very transaction, stored sealed
 *       and sold to the order, so a replayed notification (which finds its record and does nothing) or a
 *       crash before the commit (which leaves nothing) can never generate or deliver twice;</li>
 *   <li>manual: nothing yet; the order stays {@code paid} until the merchant delivers text from the admin.</li>
 * </ul>
 */
public final class DeliveryService {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);

    /** A generator that keeps returning keys the product already had is broken; give up after this many asks. */
    private static final int GENERATION_ATTEMPTS = 3;

    static final int MAX_MANUAL_TEXT = 20_000;

    /** What became of a paid order at delivery; the notification records it as its outcome. */
    public enum Outcome {
        DELIVERED,
        HELD_FOR_REVIEW,
        AWAITING_FULFILMENT,
        GENERATION_FAILED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Database database;
    private final InventoryService inventory;
    private final ProductFiles files;
    private final OrderService orders;
    private final DeliveryHold hold;
    private final SealedTexts texts;
    private final Supplier<List<KeyFormat>> keyFormats;
    private final Clock clock;
    private final BiConsumer<Tx, Order> whenHeld;
    private final Function<Order, Optional<List<String>>> archivedKeys;

    /**
     * {@code hold}: the check that may keep a paid order's keys held for the merchant's review; {@code whenHeld}:
     * told, inside the payment's transaction, of a paid order whose keys are held (the merchant's alert);
     * {@code archivedKeys}: where the keys of an order no longer in the hot tables are found (the order archive).
     */
    public DeliveryService(
            Database database,
            InventoryService inventory,
            ProductFiles files,
            OrderService orders,
            DeliveryHold hold,
            BiConsumer<Tx, Order> whenHeld,
            SealedTexts texts,
            Function<Order, Optional<List<String>>> archivedKeys,
            Supplier<List<KeyFormat>> keyFormats,
            Clock clock) {
        this.database = database;
        this.inventory = inventory;
        this.files = files;
        this.orders = orders;
        this.hold = hold;
        this.whenHeld = whenHeld;
        this.texts = texts;
        this.archivedKeys = archivedKeys;
        this.keyFormats = keyFormats;
        this.clock = clock;
    }

    /**
     * Within the caller's transaction: delivers the paid order and marks it delivered. When it stays {@code paid}
     * (held for review, manual fulfilment, a generator that failed), changes nothing but an event and says why.
     */
    public Outcome settle(Tx tx, Order paid) {
        return Tracing.inSpan(
                "delivery",
                () -> Tracing.order(paid.orderNo(), paid.channel()),
                () -> settleNow(tx, paid),
                outcome -> outcome.name().toLowerCase(java.util.Locale.ROOT));
    }

    private Outcome settleNow(Tx tx, Order paid) {
        if (hold.holds(tx, paid)) {
            whenHeld.accept(tx, paid);
            return Outcome.HELD_FOR_REVIEW;
        }
        KindSpec kind = inventory.kindOf(tx, paid.productId());
        return switch (kind.productKind()) {
            case MANUAL -> {
                orders.note(tx, paid.id(), "awaiting_fulfilment", EventDetail.of("deliver_by_hand"));
                yield Outcome.AWAITING_FULFILMENT;
            }
            case GENERATED -> deliverGenerated(tx, paid, kind);
            case SHARED -> {
                List<String> shared = inventory.sharedKeys(tx, paid.productId());
                if (shared.isEmpty()) {
                    orders.note(tx, paid.id(), "awaiting_fulfilment", EventDetail.of("shared_key_removed"));
                    yield Outcome.AWAITING_FULFILMENT;
                }
                DeliveredDao dao = tx.dao(DeliveredDao.class);
                for (int i = 0; i < shared.size(); i++) {
                    dao.insertText(paid.id(), i, texts.seal(paid, shared.get(i)), clock.millis());
                }
                yield complete(tx, paid, EventDetail.of("shared_key_delivered", paid.quantity()));
            }
            case FILE -> {
                ProductFile file = files.latest(paid.productId())
                        .orElseThrow(() -> new IllegalStateException(
                                "file product " + paid.productId() + " has no file but sold order " + paid.orderNo()));
                tx.dao(DeliveredDao.class).insertFile(paid.id(), 0, file.id(), clock.millis());
                yield complete(tx, paid, EventDetail.of("file_delivered", file.name()));
            }
            case KEYS -> complete(tx, paid, EventDetail.of("keys_delivered", paid.quantity()));
        };
    }

    /** Sells what the order holds and moves it to delivered, in the caller's transaction. */
    private Outcome complete(Tx tx, Order paid, EventDetail detail) {
        int sold = inventory.sell(tx, paid.id());
        if (sold != paid.quantity()) {
            // Cannot happen while the invariants hold; rolling back keeps the payment retryable.
            throw new IllegalStateException(
                    "order " + paid.orderNo() + " held " + sold + " units, expected " + paid.quantity());
        }
        if (!orders.move(tx, paid, OrderStatus.DELIVERED, "delivered", detail)) {
            throw new IllegalStateException("order " + paid.orderNo() + " changed while it was being delivered");
        }
        return Outcome.DELIVERED;
    }

    private Outcome deliverGenerated(Tx tx, Order paid, KindSpec kind) {
        KeyFormat format = keyFormats.get().stream()
                .filter(f -> f.id().equals(kind.keyFormat()) && f.canGenerate())
                .findFirst()
                .orElse(null);
        if (format == null) {
            orders.note(tx, paid.id(), "generation_failed", EventDetail.of("no_generator", kind.keyFormat()));
            return Outcome.GENERATION_FAILED;
        }
        List<String> stored = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < GENERATION_ATTEMPTS && stored.size() < paid.quantity(); attempt++) {
                int missing = paid.quantity() - stored.size();
                List<String> made = format.generate(
                        missing,
                        KeyFormat.Generation.forOrder(
                                paid.orderNo(), paid.productId(), paid.productName(), paid.email()));
                List<String> fresh = made == null ? List.of() : made.subList(0, Math.min(made.size(), missing));
                stored.addAll(inventory.storeSold(tx, paid.productId(), paid.id(), fresh));
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "key format {} failed to generate for order {}: {}",
                    kind.keyFormat(),
                    paid.orderNo(),
                    e.toString());
        }
        if (stored.size() != paid.quantity()) {
            // The keys stored so far stay sold to this order; a retry only asks for the rest.
            orders.note(
                    tx,
                    paid.id(),
                    "generation_failed",
                    EventDetail.of("generated_some", kind.keyFormat(), stored.size(), paid.quantity()));
            return Outcome.GENERATION_FAILED;
        }
        return complete(tx, paid, EventDetail.of("keys_generated", paid.quantity(), kind.keyFormat()));
    }

    /**
     * The merchant delivers a paid order that waits: the text of a manual product (or a shared one whose
     * key was removed), or, for a generated product, another try of its generator. 409 {@code not_awaiting}
     * for an order that is not paid or has nothing to wait for; 422 for missing text.
     */
    public Order fulfil(String orderNo, @Nullable String text) {
        Order order = orders.require(orderNo);
        ProductKind kind = inventory.kindOf(order.productId()).productKind();
        boolean takesText = kind == ProductKind.MANUAL || kind == ProductKind.SHARED;
        if (takesText && (text == null || text.isBlank() || text.length() > MAX_MANUAL_TEXT)) {
            throw Refusal.invalidFields(
                    "invalid_delivery",
                    "the delivery is not valid",
                    Map.of("text", "must be 1 to " + MAX_MANUAL_TEXT + " characters"));
        }
        // Present exactly when the product takes text (checked just above).
        String manualText = takesText && text != null ? text.strip() : null;
        return database.write(tx -> {
            Order current = orders.reload(tx, order.id());
            if (current.state() != OrderStatus.PAID || kind == ProductKind.KEYS || kind == ProductKind.FILE) {
                throw Refusal.conflict(
                        "not_awaiting",
                        "order " + orderNo + " is " + current.status()
                                + (current.state() == OrderStatus.PAID
                                        ? " and delivers itself"
                                        : "; only a paid order can be delivered"));
            }
            if (hold.holds(tx, current)) {
                throw Refusal.conflict("not_awaiting", "order " + orderNo + " is held for review; release it first");
            }
            if (manualText != null) {
                tx.dao(DeliveredDao.class).insertText(current.id(), 0, texts.seal(current, manualText), clock.millis());
                complete(tx, current, EventDetail.of("delivered_by_merchant"));
            } else if (deliverGenerated(tx, current, inventory.kindOf(tx, current.productId())) != Outcome.DELIVERED) {
                throw Refusal.invalid(
                        "generation_failed", "the key format could not generate the keys; see the order's history");
            }
            return orders.reload(tx, current.id());
        });
    }

    /** The keys (or delivered texts) the buyer of this order may see now; empty until delivered. */
    public List<String> visibleKeys(Order order) {
        if (!SealedTexts.visible(order)) {
            return List.of();
        }
        List<DeliveredItem> items =
                database.read(tx -> tx.dao(DeliveredDao.class).items(order.id()));
        List<String> opened = new ArrayList<>();
        for (DeliveredItem item : items) {
            if (item.sealed() != null) {
                opened.add(texts.open(order, item.sealed()));
            }
        }
        // Card keys and generated keys are sold rows of card_keys; the other kinds keep their texts here.
        List<String> keys = opened.isEmpty() ? inventory.keysSoldTo(order.id()) : opened;
        // Nothing in the hot tables: the order may have been archived (asked only then, so a hot order costs nothing
        // more).
        return keys.isEmpty() ? archivedKeys.apply(order).orElse(keys) : keys;
    }

    /** The files the buyer of this order may download now; empty until delivered and after a refund. */
    public List<ProductFile> visibleFiles(Order order) {
        if (!SealedTexts.visible(order)) {
            return List.of();
        }
        return database.read(tx -> tx.dao(DeliveredDao.class).items(order.id())).stream()
                .filter(item -> item.fileId() != null)
                .map(item -> files.find(item.fileId()).orElseThrow())
                .toList();
    }
}
