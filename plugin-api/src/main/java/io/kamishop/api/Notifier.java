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
 *         context.http().send(post);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #send} runs on a host worker thread after the fact is committed, never inside a buyer's
 * request, so a slow transport slows nobody. A notice that fails (throws) is logged and counted;
 * the store does not retry it, so retry inside {@code send} if the transport needs it.
 * Notices never carry card keys, secrets or lookup tokens.
 */
public interface Notifier extends KamishopExtension {

    /** Stable id, e.g. {@code telegram}. */
    String id();

    /** The kinds this notifier wants; the default is all of them. */
    default Set<StoreNotice.Kind> kinds() {
        return Set.of(StoreNotice.Kind.values());
    }

    /** Sends one notice. May block (network); throw to report a failure. */
    void send(StoreNotice notice) throws Exception;

    /**
     * Something the merchant should hear about.
     *
     * @param kind    what happened
     * @param subject one line, e.g. {@code Order K20260101ABC delivered}
     * @param text    a few human sentences
     * @param fields  machine-readable facts, e.g. {@code orderNo}, {@code productId}, {@code amount}, {@code currency}
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
            PLUGIN_FAILED
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
