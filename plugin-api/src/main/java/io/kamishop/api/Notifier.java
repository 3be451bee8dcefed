package io.kamishop.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tells the merchant (or the merchant's team chat) that something happened in the store: an order
 * was delivered, a product is running out of keys, a payment needs a refund. A notifier is a
 * transport (Telegram, a webhook, a mail relay); the store decides what is worth telling.
 *
 * <pre>{@code
 * @Extension
 * public class WebhookNotifier implements Notifier {
 *     private volatile PluginContext context;
 *     public String id() { return "webhook"; }
 *     public List<SettingDefinition> settings() { return List.of(SettingDefinition.string("url", "Webhook URL").asRequired()); }
 *     public void start(PluginContext context) { this.context = context; }
 *     public void send(StoreNotice notice) throws Exception {
 *         HttpRequest post = HttpRequest.newBuilder(URI.create(context.settings().require("url")))
 *                 .POST(HttpRequest.BodyPublishers.ofString(context.json().write(notice))).build();
 *         int status = context.http().send(post).statusCode();
 *         if (status / 100 != 2) {
 *             throw new IOException("answered HTTP " + status); // the host tries it again later
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Delivery is durable and at least once</b> (since API 1.1). A notice about an order is written to
 * the store's notice outbox in the same database transaction as the order change it reports, one row
 * per running notifier that wants its {@link #kinds()}; so a crash or restart right after the change
 * loses nothing ({@code LOW_STOCK} and {@code PLUGIN_FAILED} notices follow their fact in a transaction of
 * their own, just after it). The host then calls {@link #send} on a host worker thread, never inside a buyer's
 * request. If {@code send} throws, the host tries again later with exponential backoff (30 seconds,
 * doubling, at most an hour apart) and gives the notice up after {@value #MAX_ATTEMPTS} attempts
 * (about two days). So do not retry inside {@code send}: throw, and the host retries, across restarts
 * and on whichever node is free. The same notice can therefore arrive more than once (a crash after
 * your transport accepted it but before the host recorded that): de-duplicate on the
 * {@code noticeId} field, which is the same on every attempt. A notice is sent only to the
 * notifiers that were running when it was written; one for a notifier that is later disabled waits
 * in the outbox and counts its attempts like a failure.
 *
 * <p>Notices never carry card keys, secrets or lookup tokens. Before 1.1 the host tried each notice
 * once and did not retry.
 */
public interface Notifier extends KamishopExtension {

    /** How many times the host calls {@link #send} for one notice before it gives the notice up. */
    int MAX_ATTEMPTS = 60;

    /** The field every notice carries that is the same on every attempt to deliver it: de-duplicate on it. */
    String NOTICE_ID = "noticeId";

    /** Stable id, e.g. {@code telegram}. Unique within the plugin. */
    String id();

    /** The kinds this notifier wants; the default is all of them. */
    default Set<StoreNotice.Kind> kinds() {
        return Set.of(StoreNotice.Kind.values());
    }

    /** Sends one notice. May block (network, up to a minute); throw to report a failure and have it retried later. */
    void send(StoreNotice notice) throws Exception;

    /**
     * Something the merchant should hear about.
     *
     * @param kind    what happened
     * @param subject one line, e.g. {@code Order K20260101ABC delivered}
     * @param text    a few human sentences
     * @param fields  machine-readable facts: always {@link Notifier#NOTICE_ID}; for order notices {@code orderNo},
     *                {@code status}, {@code previousStatus}, {@code productId}, {@code productName}, {@code quantity},
     *                {@code amount} (minor units), {@code currency}, {@code channel}, {@code email} (the buyer's:
     *                personal data, keep it only as long as you need it)
     * @param at      when it happened, by the store's clock
     */
    record StoreNotice(Kind kind, String subject, String text, Map<String, String> fields, Instant at) {

        /** The kinds of notice the store sends. New kinds may be added in minor versions: ignore unknown ones. */
        public enum Kind {
            /** An order was paid and its keys handed over. */
            ORDER_DELIVERED,
            /** A product's available stock fell to or below the low-stock threshold. */
            LOW_STOCK,
            /** Money arrived that must be given back (a late or duplicate payment). */
            REFUND_DUE,
            /** A plugin failed to start or stopped working. */
            PLUGIN_FAILED,
            /** An order's payment was recorded (its delivery follows, usually at once). Since 1.1. */
            ORDER_PAID,
            /** A pending order was not paid in time; its keys went back to stock. Since 1.1. */
            ORDER_EXPIRED,
            /** A pending order was cancelled. Since 1.1. */
            ORDER_CANCELLED,
            /** An order's payment was given back to the buyer. Since 1.1. */
            ORDER_REFUNDED
        }

        public StoreNotice {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
            subject = subject == null ? "" : subject;
            text = text == null ? "" : text;
            fields = fields == null ? Map.of() : Map.copyOf(fields);
        }
    }
}
