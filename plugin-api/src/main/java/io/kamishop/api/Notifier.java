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
 *
 * <p><b>A test from the admin</b> (since API 1.2). The merchant's "send a test" button (and
 * {@code POST /api/admin/plugins/{id}/test}) calls {@link #sendTest} at once, on the merchant's request
 * thread, outside the outbox: nothing is queued or retried, and what you throw is shown to the merchant.
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
     * Sends a test message now, so the merchant sees the settings work (since API 1.2). {@code test} is of
     * kind {@link StoreNotice.Kind#TEST} and carries the store fields ({@code language}, {@code storeName},
     * {@code adminUrl}) and a fresh {@link #NOTICE_ID}. Send it the way you send any notice and throw when
     * the service refused it, with a message the merchant can act on ("chat not found"), never a secret:
     * the message is shown in the admin. It is not retried.
     *
     * <p>The default sends nothing and throws {@link UnsupportedOperationException}: the host then tells
     * the merchant this notifier offers no test. (It does not call {@link #send}, which a notifier built
     * before 1.2 would answer for a kind it does not know by sending nothing.)
     */
    default void sendTest(StoreNotice test) throws Exception {
        throw new UnsupportedOperationException("notifier " + id() + " offers no test message");
    }

    /**
     * Something the merchant should hear about.
     *
     * @param kind    what happened
     * @param subject one line, e.g. {@code Order K20260101ABC delivered}
     * @param text    a few human sentences
     * @param fields  machine-readable facts: always {@link Notifier#NOTICE_ID}; for order notices {@code orderNo},
     *                {@code status}, {@code previousStatus}, {@code productId}, {@code productName}, {@code quantity},
     *                {@code amount} (minor units), {@code currency}, {@code channel}, {@code email} (the buyer's:
     *                personal data, keep it only as long as you need it, and show it masked); since 1.2 also on
     *                every notice {@code language} (the store's default language, {@code en} or {@code zh-CN}: write
     *                to the merchant in it), {@code storeName}, and {@code adminUrl} when the notice is about
     *                something with an admin page (the order, the product, the plugin, the refused notifications):
     *                a full URL when the store's public URL is configured ({@code KAMISHOP_PUBLIC_URL}), else the
     *                path (starting with {@code /})
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
            ORDER_REFUNDED,
            /**
             * An order was paid but its keys are held for the merchant's review (a risk rule asked for one):
             * approve or reject it in the admin. Since 1.2.
             */
            ORDER_HELD_FOR_REVIEW,
            /**
             * The store refused payment notifications (a bad signature, an amount that does not match, an
             * unknown order or channel): a misconfigured gateway or someone probing. At most one notice per
             * channel and reason an hour (per node); {@code fields} carry {@code channel}, {@code reason} and
             * {@code count}, the refusals since the last such notice. Since 1.2.
             */
            NOTIFICATIONS_REFUSED,
            /**
             * The merchant's test from the admin, passed to {@link Notifier#sendTest} only: never queued,
             * whatever {@link Notifier#kinds()} says. Since 1.2.
             */
            TEST
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
