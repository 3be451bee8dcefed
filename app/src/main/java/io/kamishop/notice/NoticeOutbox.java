package io.kamishop.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kamishop.api.Notifier;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.config.StoreSettings;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.order.MoneyBack;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.outbox.Outbox;
import io.kamishop.outbox.OutboxHandler;
import io.kamishop.outbox.OutboxMessage;
import io.kamishop.plugin.PluginHost;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable path from a fact to the merchant's notifiers ({@link Notifier}, API 1.1): the {@code notices}
 * topic of the {@link Outbox}, one message per notice and running notifier that wants its kind, written in
 * the transaction that makes the fact (so a crash loses nothing), retried by the outbox with its backoff
 * (30 s doubling, at most an hour) until {@code send} returns, dead after {@link Outbox#MAX_ATTEMPTS}
 * (= {@link Notifier#MAX_ATTEMPTS}).
 *
 * <p>What every notifier needs to write to the merchant is added when a row is sent, not stored with
 * it ({@link #storeFields}): the store's language and name as they are now, and the link to the admin
 * page the notice is about.
 */
public final class NoticeOutbox implements OutboxHandler {

    static final String TOPIC = "notices";
    private static final Logger LOG = LoggerFactory.getLogger(NoticeOutbox.class);
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {};

    private final Database database;
    private final Outbox outbox;
    private final PluginHost plugins;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final StoreSettings settings;
    private final Optional<String> publicUrl;

    /**
     * @param settings  the store's language and name, for the notifiers' messages
     * @param publicUrl the store's configured public URL, if any: admin links are absolute only with one
     */
    public NoticeOutbox(
            Database database,
            Outbox outbox,
            PluginHost plugins,
            ObjectMapper mapper,
            Clock clock,
            StoreSettings settings,
            Optional<String> publicUrl) {
        this.database = database;
        this.outbox = outbox;
        this.plugins = plugins;
        this.mapper = mapper;
        this.clock = clock;
        this.settings = settings;
        this.publicUrl = publicUrl;
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    /** Inside the transaction that moves an order: owes every interested notifier the notice. */
    public void onStatusChange(Tx h, OrderChange change) {
        orderNotice(change).ifPresent(notice -> enqueue(h, notice));
    }

    /**
     * Inside the payment's transaction, when a paid order's keys are held for the merchant's review: the
     * order stays {@code paid}, so no status change tells the merchant they have something to decide.
     */
    public void onHeldForReview(Tx h, Order paid) {
        String what = paid.quantity() + " x " + paid.productName();
        enqueue(
                h,
                new StoreNotice(
                        StoreNotice.Kind.ORDER_HELD_FOR_REVIEW,
                        "Order " + paid.orderNo() + " held for review",
                        what + " paid through " + paid.channel()
                                + "; its keys are held until you approve or reject it.",
                        orderFields(paid, "held_for_review", null, paid.state().code()),
                        clock.instant()));
    }

    /**
     * A {@link MoneyBack} for the merchant's alerts: {@code REFUND_DUE} for money that must go back while the
     * order stays as it is, and {@code ORDER_REFUNDED} when it went back. (Orders that move to
     * {@code refund_pending} or {@code refunded} are told through {@link #onStatusChange}.)
     */
    public MoneyBack moneyBack() {
        return new MoneyBack() {
            @Override
            public void due(Tx h, Order order, String reason) {
                String why = reason.equals("duplicate_payment")
                        ? "a second payment arrived"
                        : "its keys cannot be delivered";
                enqueue(
                        h,
                        new StoreNotice(
                                StoreNotice.Kind.REFUND_DUE,
                                "Refund due for order " + order.orderNo(),
                                "Order " + order.orderNo() + " has money that must be given back (" + why + ").",
                                orderFields(order, reason, null, order.state().code()),
                                clock.instant()));
            }

            @Override
            public void returned(Tx h, Order order, String reason, long amount) {
                Map<String, String> fields =
                        orderFields(order, reason, null, order.state().code());
                fields.put("amount", Long.toString(amount));
                enqueue(
                        h,
                        new StoreNotice(
                                StoreNotice.Kind.ORDER_REFUNDED,
                                "Order " + order.orderNo() + " refunded",
                                "A second payment of order " + order.orderNo() + " was refunded to the buyer.",
                                fields,
                                clock.instant()));
            }
        };
    }

    /** For facts that have no transaction of their own (a plugin failed, stock ran low): written now, in one. */
    public void enqueue(StoreNotice notice) {
        database.write(h -> {
            enqueue(h, notice);
            return null;
        });
    }

    private void enqueue(Tx h, StoreNotice notice) {
        if (notice.kind() == StoreNotice.Kind.TEST) {
            throw new IllegalArgumentException("a test is sent at once (sendTest), never queued");
        }
        List<String> notifiers = interested(notice.kind());
        if (notifiers.isEmpty()) {
            // The usual case on a store without notifier plugins: no id (a SecureRandom draw) and no
            // JSON for nobody, inside a transaction that moves an order (5% of the payment committer).
            return;
        }
        String noticeId = notice.fields()
                .getOrDefault(
                        Notifier.NOTICE_ID,
                        "ntc_" + UUID.randomUUID().toString().replace("-", ""));
        Map<String, String> fields = new LinkedHashMap<>(notice.fields());
        fields.put(Notifier.NOTICE_ID, noticeId);
        for (String notifier : notifiers) {
            ObjectNode payload = mapper.createObjectNode()
                    .put("notifier", notifier)
                    .put("noticeId", noticeId)
                    .put("kind", notice.kind().name())
                    .put("subject", notice.subject())
                    .put("body", notice.text())
                    .put("fields", write(fields))
                    .put("happenedAt", notice.at().toEpochMilli());
            outbox.enqueue(TOPIC, notifier + " " + noticeId, null, payload.toString());
        }
    }

    /** The running notifiers ({@code plugin/notifier}) that want this kind of notice. */
    private List<String> interested(StoreNotice.Kind kind) {
        List<String> notifiers = new ArrayList<>(0);
        for (PluginHost.Owned<Notifier> owned : plugins.ownedExtensions(Notifier.class)) {
            try {
                if (owned.extension().kinds().contains(kind)) {
                    notifiers.add(owned.pluginId() + "/" + owned.extension().id());
                }
            } catch (RuntimeException | LinkageError e) {
                // A plugin that cannot answer must not roll back the order change it would hear about.
                LOG.warn(
                        "notifier of plugin {} could not say what it wants, skipped for {}: {}",
                        owned.pluginId(),
                        kind,
                        e.toString());
            }
        }
        return notifiers;
    }

    Optional<StoreNotice> orderNotice(OrderChange change) {
        Order order = change.order();
        String no = order.orderNo();
        String what = order.quantity() + " x " + order.productName();
        StoreNotice.Kind kind;
        String subject;
        String text;
        switch (change.to()) {
            case PAID -> {
                kind = StoreNotice.Kind.ORDER_PAID;
                subject = "Order " + no + " paid";
                text = what + " paid through " + order.channel() + ".";
            }
            case DELIVERED -> {
                kind = StoreNotice.Kind.ORDER_DELIVERED;
                subject = "Order " + no + " delivered";
                text = what + " paid through " + order.channel() + " and delivered.";
            }
            case EXPIRED -> {
                kind = StoreNotice.Kind.ORDER_EXPIRED;
                subject = "Order " + no + " expired";
                text = what + " was not paid in time; its keys are back in stock.";
            }
            case CANCELLED -> {
                kind = StoreNotice.Kind.ORDER_CANCELLED;
                subject = "Order " + no + " cancelled";
                text = what + " was cancelled; its keys are back in stock.";
            }
            case REFUND_PENDING -> {
                kind = StoreNotice.Kind.REFUND_DUE;
                subject = "Refund due for order " + no;
                text = "Order " + no + " has money that must be given back (" + change.kind() + ").";
            }
            case REFUNDED -> {
                kind = StoreNotice.Kind.ORDER_REFUNDED;
                subject = "Order " + no + " refunded";
                text = what + " was refunded to the buyer.";
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new StoreNotice(
                kind,
                subject,
                text,
                orderFields(
                        order,
                        change.kind(),
                        change.from() == null ? null : change.from().code(),
                        change.to().code()),
                clock.instant()));
    }

    private static Map<String, String> orderFields(
            Order order, String event, @Nullable String previousStatus, String status) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("orderNo", order.orderNo());
        fields.put("event", event);
        fields.put("status", status);
        if (previousStatus != null) {
            fields.put("previousStatus", previousStatus);
        }
        fields.put("productId", Long.toString(order.productId()));
        fields.put("productName", String.valueOf(order.productName()));
        fields.put("quantity", Integer.toString(order.quantity()));
        fields.put("unitPrice", Long.toString(order.unitPrice()));
        fields.put("amount", Long.toString(order.amount()));
        fields.put("currency", order.currency());
        // StoreNotice's fields hold no nulls: a fact the order lacks is left out.
        if (order.channel() != null) {
            fields.put("channel", order.channel());
        }
        if (order.email() != null) {
            fields.put("email", order.email());
        }
        return fields;
    }

    /** One pass over every due notice. Returns how many were delivered. */
    public int sendDue() {
        return outbox.sendDue(TOPIC);
    }

    @Override
    public @Nullable String handle(OutboxMessage message) throws Exception {
        JsonNode row = notice(message);
        String id = row.path("notifier").asText();
        Notifier notifier = plugins.ownedExtensions(Notifier.class).stream()
                .filter(o -> id.equals(o.pluginId() + "/" + o.extension().id()))
                .map(PluginHost.Owned::extension)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("notifier " + id + " is not running"));
        StoreNotice.Kind kind = StoreNotice.Kind.valueOf(row.path("kind").asText());
        notifier.send(new StoreNotice(
                kind,
                row.path("subject").asText(),
                row.path("body").asText(),
                storeFields(kind, mapper.readValue(row.path("fields").asText(), FIELDS)),
                Instant.ofEpochMilli(row.path("happenedAt").asLong())));
        return null;
    }

    /**
     * The merchant's "send a test": every notifier of the plugin sends a test message now, on this thread,
     * outside the outbox. Returns the ids of the notifiers that sent one; 409 when the plugin runs no
     * notifier or none offers a test, 422 {@code test_failed} with the notifier's reason when one failed.
     */
    public List<String> sendTest(String pluginId) {
        List<PluginHost.Owned<Notifier>> notifiers = plugins.ownedExtensions(Notifier.class).stream()
                .filter(o -> o.pluginId().equals(pluginId))
                .toList();
        if (notifiers.isEmpty()) {
            throw Refusal.conflict("no_running_notifier", "plugin " + pluginId + " runs no notifier; enable it first");
        }
        String storeName = settings.get(StoreSettings.STORE_NAME);
        List<String> sent = new ArrayList<>();
        for (PluginHost.Owned<Notifier> owned : notifiers) {
            Notifier notifier = owned.extension();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(
                    Notifier.NOTICE_ID,
                    "ntc_test_" + UUID.randomUUID().toString().replace("-", ""));
            StoreNotice test = new StoreNotice(
                    StoreNotice.Kind.TEST,
                    "Test from " + storeName,
                    "A test message from " + storeName + ": the settings of " + pluginId + " work.",
                    storeFields(StoreNotice.Kind.TEST, fields),
                    clock.instant());
            try {
                notifier.sendTest(test);
                sent.add(notifier.id());
            } catch (UnsupportedOperationException e) {
                LOG.info("notifier {} of plugin {} offers no test", notifier.id(), pluginId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Refusal.invalid("test_failed", "the test was interrupted");
            } catch (Exception | LinkageError e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw Refusal.invalid(
                        "test_failed",
                        notifier.id() + ": " + (reason.length() > 500 ? reason.substring(0, 500) : reason));
            }
        }
        if (sent.isEmpty()) {
            throw Refusal.conflict("test_not_supported", "plugin " + pluginId + " offers no test message");
        }
        return sent;
    }

    /** A notice's own fields and what every notifier needs besides (see {@link Notifier.StoreNotice}'s fields, API 1.2). */
    private Map<String, String> storeFields(StoreNotice.Kind kind, Map<String, String> own) {
        Map<String, String> fields = new LinkedHashMap<>(own);
        fields.put("language", settings.get(StoreSettings.DEFAULT_LANGUAGE));
        fields.put("storeName", settings.get(StoreSettings.STORE_NAME));
        adminPath(kind, own)
                .ifPresent(path -> fields.put(
                        "adminUrl", publicUrl.map(base -> base + path).orElse(path)));
        return fields;
    }

    /** The admin page a notice is about, if it is about one. */
    private static Optional<String> adminPath(StoreNotice.Kind kind, Map<String, String> fields) {
        if (fields.containsKey("orderNo")) {
            return Optional.of("/admin/orders/" + segment(fields.get("orderNo")));
        }
        return switch (kind) {
            case LOW_STOCK -> Optional.ofNullable(fields.get("productId")).map(id -> "/admin/products/" + segment(id));
            case PLUGIN_FAILED ->
                Optional.ofNullable(fields.get("pluginId")).map(id -> "/admin/plugins/" + segment(id));
            case NOTIFICATIONS_REFUSED -> Optional.of("/admin/notifications");
            case TEST -> Optional.of("/admin");
            default -> Optional.empty();
        };
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The latest rows, newest first, optionally of one status ({@code pending}, {@code delivered}, {@code dead}). */
    /** What a notice row carries: notifier, noticeId, kind, subject, body, fields (JSON text), happenedAt. */
    JsonNode notice(OutboxMessage row) {
        try {
            return mapper.readTree(row.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notice's payload is JSON", e);
        }
    }

    public List<OutboxMessage> recent(@Nullable String status, int limit) {
        return outbox.recent(TOPIC, "delivered".equals(status) ? "sent" : status, limit);
    }

    private String write(Map<String, String> fields) {
        try {
            return mapper.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always serialisable", e);
        }
    }
}
