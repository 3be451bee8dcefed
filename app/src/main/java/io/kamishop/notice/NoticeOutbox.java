package io.kamishop.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.Notifier;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.db.Database;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.outbox.SendingPasses;
import io.kamishop.plugin.PluginHost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable path from a fact to the merchant's notifiers ({@link Notifier}, API 1.1): one row per
 * notice and running notifier that wants its kind, written in the transaction that makes the fact
 * (so a crash loses nothing), sent by a sender thread, retried with exponential backoff (30 s
 * doubling, at most an hour) until {@code send} returns, dead after {@link Notifier#MAX_ATTEMPTS}.
 * The same mechanism as the mail outbox ({@link SendingPasses}, a lease per attempt), so several
 * nodes share the work without sending a row twice at once.
 */
public final class NoticeOutbox implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);
    // Longer than a send may reasonably take, so another node does not take the row over mid-send.
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(NoticeOutbox.class);
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };

    private final Database database;
    private final PluginHost plugins;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ReentrantLock sending = new ReentrantLock();
    private final SendingPasses sender = new SendingPasses("kamishop-notices", "notice", this::sendDue);

    public NoticeOutbox(Database database, PluginHost plugins, ObjectMapper mapper, Clock clock) {
        this.database = database;
        this.plugins = plugins;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Polls for due rows (retries, and rows other nodes wrote) every {@code every}. */
    public void start(Duration every) {
        sender.start(every);
    }

    /** Inside the transaction that moves an order: owes every interested notifier the notice. */
    public void onStatusChange(Handle h, OrderChange change) {
        orderNotice(change).ifPresent(notice -> enqueue(h, notice));
    }

    /** For facts that have no transaction of their own (a plugin failed, stock ran low): written now, in one. */
    public void enqueue(StoreNotice notice) {
        database.write(h -> {
            enqueue(h, notice);
            return null;
        });
    }

    private void enqueue(Handle h, StoreNotice notice) {
        List<String> notifiers = interested(notice.kind());
        if (notifiers.isEmpty()) {
            // The usual case on a store without notifier plugins: no id (a SecureRandom draw) and no
            // JSON for nobody, inside a transaction that moves an order (5% of the payment committer).
            return;
        }
        String noticeId = notice.fields().getOrDefault(Notifier.NOTICE_ID, "ntc_" + UUID.randomUUID().toString().replace("-", ""));
        Map<String, String> fields = new LinkedHashMap<>(notice.fields());
        fields.put(Notifier.NOTICE_ID, noticeId);
        String json = write(fields);
        long now = clock.millis();
        NoticeDao dao = h.attach(NoticeDao.class);
        for (String notifier : notifiers) {
            dao.enqueue(notifier, noticeId, notice.kind().name(), notice.subject(), notice.text(), json,
                    notice.at().toEpochMilli(), now);
        }
        database.afterCommit(sender::wake);
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
                LOG.warn("notifier of plugin {} could not say what it wants, skipped for {}: {}", owned.pluginId(), kind, e.toString());
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
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("orderNo", no);
        fields.put("event", change.kind());
        fields.put("status", change.to().code());
        if (change.from() != null) {
            fields.put("previousStatus", change.from().code());
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
        return Optional.of(new StoreNotice(kind, subject, text, fields, clock.instant()));
    }

    /** One pass over every due row. Returns how many were delivered. */
    public int sendDue() {
        sending.lock();
        try {
            int delivered = 0;
            while (true) {
                List<NoticeRow> due = database.read(h -> h.attach(NoticeDao.class).due(clock.millis(), BATCH));
                int claimed = 0;
                for (NoticeRow row : due) {
                    long leaseUntil = clock.millis() + LEASE.toMillis();
                    if (database.write(h -> h.attach(NoticeDao.class).claim(row.id(), row.nextAttemptAt(), leaseUntil)) == 1) {
                        claimed++;
                        delivered += send(row) ? 1 : 0;
                    }
                }
                if (due.size() < BATCH || claimed == 0) {
                    return delivered;
                }
            }
        } finally {
            sending.unlock();
        }
    }

    private boolean send(NoticeRow row) {
        int attempt = row.attempts() + 1;
        String error;
        try {
            Optional<Notifier> notifier = plugins.ownedExtensions(Notifier.class).stream()
                    .filter(o -> row.notifier().equals(o.pluginId() + "/" + o.extension().id()))
                    .map(PluginHost.Owned::extension).findFirst();
            if (notifier.isEmpty()) {
                error = "notifier " + row.notifier() + " is not running";
            } else {
                notifier.get().send(new StoreNotice(StoreNotice.Kind.valueOf(row.kind()), row.subject(), row.body(),
                        mapper.readValue(row.fields(), FIELDS), Instant.ofEpochMilli(row.happenedAt())));
                database.write(h -> h.attach(NoticeDao.class).delivered(row.id(), clock.millis()));
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception | LinkageError e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long delay = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20));
        String status = attempt >= Notifier.MAX_ATTEMPTS ? "dead" : "pending";
        String reason = error.length() > 500 ? error.substring(0, 500) : error;
        LOG.warn("notice {} {} to {} not delivered (attempt {}){}: {}", row.kind(), row.noticeId(), row.notifier(), attempt,
                status.equals("dead") ? ", given up" : ", next try in " + delay / 1000 + "s", reason);
        database.write(h -> h.attach(NoticeDao.class).retryLater(row.id(), status, clock.millis() + delay, reason));
        return false;
    }

    /** The latest rows, newest first, optionally of one status ({@code pending}, {@code delivered}, {@code dead}). */
    public List<NoticeRow> recent(String status, int limit) {
        return database.read(h -> h.attach(NoticeDao.class).recent(status, limit));
    }

    private String write(Map<String, String> fields) {
        try {
            return mapper.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always serialisable", e);
        }
    }

    @Override
    public void close() {
        sender.close();
    }
}
