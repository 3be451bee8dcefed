package io.kamishop.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.crypto.SecretBox;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import io.kamishop.outbox.SendingPasses;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.web.ApiException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merchant webhooks: order events POSTed to the merchant's URLs, signed ({@link WebhookSignature}).
 *
 * <p>Like the mail outbox, each delivery row is written inside the transaction that changes the
 * order, so an event that happened is never lost to a crash; a sender posts due rows and retries
 * anything but a 2xx with exponential backoff (30 s doubling, at most an hour, about two days in all).
 * Delivery is at-least-once: receivers de-duplicate on {@code Kamishop-Event-Id}. Payloads carry the
 * order's facts, never its keys.
 */
public final class WebhookService implements AutoCloseable {

    public static final Set<String> EVENT_TYPES = Set.of("order.created", "order.paid", "order.delivered", "order.expired",
            "order.cancelled", "order.refund_pending", "order.refunded");
    static final int MAX_ATTEMPTS = 60;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);

    /** A new endpoint with its signing secret, which exists in clear only in this answer. */
    public record Created(WebhookEndpoint endpoint, String secret) {
    }

    private final Database database;
    private final SecretBox box;
    private final UrlGuard guard;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ReentrantLock sending = new ReentrantLock();
    private final SendingPasses sender = new SendingPasses("kamishop-webhooks", "webhook", this::sendDue);

    public WebhookService(Database database, SecretBox box, boolean allowPrivateUrls, ObjectMapper mapper, Clock clock) {
        this.database = database;
        this.box = box;
        this.guard = new UrlGuard(allowPrivateUrls);
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Polls for due rows (retries, and rows other nodes wrote) every {@code every}. */
    public void start(Duration every) {
        sender.start(every);
    }

    public Created create(String url, List<String> events) {
        try {
            guard.check(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidFields("invalid_webhook", "the webhook is not valid", Map.of("url", e.getMessage()));
        }
        if (url.length() > 2000) {
            throw ApiException.invalidFields("invalid_webhook", "the webhook is not valid", Map.of("url", "is too long"));
        }
        List<String> wanted = events == null || events.isEmpty() ? List.of("*") : events;
        for (String event : wanted) {
            if (!event.equals("*") && !EVENT_TYPES.contains(event)) {
                throw ApiException.invalidFields("invalid_webhook", "the webhook is not valid",
                        Map.of("events", "unknown event '" + event + "'; known: " + EVENT_TYPES));
            }
        }
        String secret = "whsec_" + Tokens.random();
        return database.write(h -> {
            WebhookDao dao = h.attach(WebhookDao.class);
            // The id is not known before the insert, so the secret is bound to the URL it was made for.
            long id = dao.insertEndpoint(url.strip(), box.sealText(secret, associatedData(url.strip())), String.join(",", wanted),
                    clock.millis());
            return new Created(dao.endpoint(id).orElseThrow(), secret);
        });
    }

    public List<WebhookEndpoint> endpoints() {
        return database.read(h -> h.attach(WebhookDao.class).endpoints());
    }

    public boolean remove(long id) {
        return database.write(h -> h.attach(WebhookDao.class).deactivate(id)) == 1;
    }

    public List<WebhookDelivery> recent(String status, int limit) {
        return database.read(h -> h.attach(WebhookDao.class).recent(status, limit));
    }

    /** Inside the transaction that moves an order: owes every interested endpoint the event. */
    public void onStatusChange(Handle h, OrderChange change) {
        WebhookDao dao = h.attach(WebhookDao.class);
        String type = "order." + change.to().code();
        List<WebhookEndpoint> interested = dao.endpoints().stream().filter(e -> e.wants(type)).toList();
        if (interested.isEmpty()) {
            return;
        }
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String payload = payload(eventId, type, change);
        long now = clock.millis();
        interested.forEach(endpoint -> dao.enqueue(endpoint.id(), eventId, type, payload, now));
        database.afterCommit(this::wake);
    }

    private String payload(String eventId, String type, OrderChange change) {
        Order order = change.order();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderNo", order.orderNo());
        data.put("status", change.to().code());
        data.put("previousStatus", change.from() == null ? null : change.from().code());
        data.put("productId", order.productId());
        data.put("productName", order.productName());
        data.put("quantity", order.quantity());
        data.put("unitPrice", order.unitPrice());
        data.put("amount", order.amount());
        data.put("currency", order.currency());
        data.put("email", order.email());
        data.put("channel", order.channel());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", eventId);
        event.put("type", type);
        event.put("created", clock.millis() / 1000);
        event.put("data", data);
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an order event is always serialisable", e);
        }
    }

    /** Asks the sender thread for a pass soon; many wakes before it runs make one pass. */
    void wake() {
        sender.wake();
    }

    /** One pass over every due delivery. Returns how many were accepted (2xx). */
    public int sendDue() {
        sending.lock();
        try {
            int delivered = 0;
            while (true) {
                List<WebhookDelivery> due = database.read(h -> h.attach(WebhookDao.class).due(clock.millis(), 50));
                int claimed = 0;
                for (WebhookDelivery delivery : due) {
                    long leaseUntil = clock.millis() + LEASE.toMillis();
                    if (database.write(h -> h.attach(WebhookDao.class).claim(delivery.id(), delivery.nextAttemptAt(), leaseUntil)) == 1) {
                        claimed++;
                        delivered += post(delivery) ? 1 : 0;
                    }
                }
                if (due.size() < 50 || claimed == 0) {
                    return delivered;
                }
            }
        } finally {
            sending.unlock();
        }
    }

    private boolean post(WebhookDelivery delivery) {
        int attempt = delivery.attempts() + 1;
        Integer httpStatus = null;
        String error;
        try {
            WebhookEndpoint endpoint = database.read(h -> h.attach(WebhookDao.class).endpoint(delivery.endpointId())).orElseThrow();
            if (!endpoint.active()) {
                database.write(h -> h.attach(WebhookDao.class).retryLater(delivery.id(), "failed", clock.millis(), null,
                        "the endpoint was removed"));
                return false;
            }
            String secret = box.openText(endpoint.sealedSecret(), associatedData(endpoint.url()));
            HttpRequest request = HttpRequest.newBuilder(guard.check(endpoint.url()))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Kamishop-Webhooks/1")
                    .header("Kamishop-Event-Id", delivery.eventId())
                    .header("Kamishop-Event-Type", delivery.eventType())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.millis() / 1000, delivery.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            httpStatus = response.statusCode();
            if (httpStatus / 100 == 2) {
                int status = httpStatus;
                database.write(h -> h.attach(WebhookDao.class).delivered(delivery.id(), status, clock.millis()));
                return true;
            }
            error = "answered HTTP " + httpStatus;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long delay = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20));
        String status = attempt >= MAX_ATTEMPTS ? "failed" : "pending";
        String reason = error.length() > 500 ? error.substring(0, 500) : error;
        Integer answered = httpStatus;
        LOG.warn("webhook {} {} not delivered (attempt {}), next try in {}s: {}", delivery.eventType(), delivery.eventId(),
                attempt, delay / 1000, reason);
        database.write(h -> h.attach(WebhookDao.class).retryLater(delivery.id(), status, clock.millis() + delay, answered, reason));
        return false;
    }

    private static String associatedData(String url) {
        return "webhook secret " + url;
    }

    @Override
    public void close() {
        sender.close();
    }
}
