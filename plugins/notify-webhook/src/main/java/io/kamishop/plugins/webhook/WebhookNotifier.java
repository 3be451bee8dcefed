package io.kamishop.plugins.webhook;

import io.kamishop.api.Notifier;
import io.kamishop.api.PluginContext;
import io.kamishop.api.SettingDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Merchant webhooks: each notice the store sends becomes a JSON event POSTed to every URL in the
 * {@code urls} setting, signed with the {@code signingSecret} ({@link WebhookSignature}).
 *
 * <p>The admin's "send a test" (API 1.2) posts a signed {@code test} event to every URL at once.
 *
 * <p>Retries are the host's (the notice outbox, API 1.1): {@link #send} throws when any URL did not
 * answer 2xx, and the host calls it again later with backoff, across restarts. URLs that already
 * accepted this notice are remembered in the plugin's store under the notice id, so a retry goes only
 * to the URLs that still owe a 2xx. Delivery is at least once: receivers de-duplicate on
 * {@code Kamishop-Event-Id}. Requests go through the host's {@code OutboundHttp}, which refuses
 * private and internal addresses unless the operator allows them.
 */
@Extension
public class WebhookNotifier implements Notifier {

    static final String URLS = "urls";
    static final String SECRET = "signingSecret";
    static final String EVENTS = "events";
    /** The event type each notice kind is sent as. */
    static final Map<StoreNotice.Kind, String> EVENT_TYPES = eventTypes();
    /** The type of the admin's test event; never one a merchant subscribes to. */
    static final String TEST_TYPE = "test";

    private volatile PluginContext context;

    private static Map<StoreNotice.Kind, String> eventTypes() {
        Map<StoreNotice.Kind, String> types = new LinkedHashMap<>();
        types.put(StoreNotice.Kind.ORDER_PAID, "order.paid");
        types.put(StoreNotice.Kind.ORDER_DELIVERED, "order.delivered");
        types.put(StoreNotice.Kind.ORDER_EXPIRED, "order.expired");
        types.put(StoreNotice.Kind.ORDER_CANCELLED, "order.cancelled");
        types.put(StoreNotice.Kind.REFUND_DUE, "order.refund_due");
        types.put(StoreNotice.Kind.ORDER_REFUNDED, "order.refunded");
        types.put(StoreNotice.Kind.ORDER_HELD_FOR_REVIEW, "order.held_for_review");
        types.put(StoreNotice.Kind.LOW_STOCK, "stock.low");
        types.put(StoreNotice.Kind.PLUGIN_FAILED, "plugin.failed");
        types.put(StoreNotice.Kind.NOTIFICATIONS_REFUSED, "payment.notification_refused");
        return java.util.Collections.unmodifiableMap(types); // in this order on the settings form
    }

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string(URLS, "Webhook URLs")
                        .withType(SettingDefinition.Type.LIST)
                        // Refused when saved, not only when a notice is sent: an ftp: or file: line would
                        // otherwise sit there failing every event until someone reads the notice log.
                        .withPattern(
                                "(?i)\\s*+(?:https?://[^\\s/?#@]++\\S*+\\s*+)*+") // possessive: linear on any input
                        .withHelp("One https URL per line; each receives every event below."),
                SettingDefinition.secret(SECRET, "Signing secret")
                        .withHelp("Your receiver checks the Kamishop-Signature header with it; at least 16 characters.")
                        .withPattern(".{16,}"),
                // Every event by default: ticking none gives the default back (an empty value is no choice).
                SettingDefinition.multiChoice(EVENTS, "Events", List.copyOf(EVENT_TYPES.values()))
                        .withDefault(String.join(",", EVENT_TYPES.values()))
                        .withHelp("The event types sent to every URL. To send none, disable the plugin."));
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
    }

    /** Only what the merchant subscribed to is queued for this notifier at all. */
    @Override
    public Set<StoreNotice.Kind> kinds() {
        // The checkboxes' comma list; a list saved before them (one per line, or *) reads the same.
        List<String> wanted = context.settings().getChoices(EVENTS);
        if (wanted.isEmpty() || wanted.contains("*")) {
            return EnumSet.copyOf(EVENT_TYPES.keySet());
        }
        Set<StoreNotice.Kind> kinds = EnumSet.noneOf(StoreNotice.Kind.class);
        EVENT_TYPES.forEach((kind, type) -> {
            if (wanted.contains(type)) {
                kinds.add(kind);
            }
        });
        return kinds;
    }

    @Override
    public void send(StoreNotice notice) throws Exception {
        String type = EVENT_TYPES.get(notice.kind());
        List<String> urls = context.settings().getList(URLS);
        if (type == null || urls.isEmpty() || !kinds().contains(notice.kind())) {
            return; // a kind newer than this plugin, or nobody to tell
        }
        String secret = context.settings().require(SECRET);
        String eventId =
                notice.fields().getOrDefault(NOTICE_ID, "ntc_" + notice.at().toEpochMilli());
        String body = context.json().write(event(eventId, type, notice));
        List<String> failures = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (String url : urls) {
            String mark = "sent:" + eventId + ":" + fingerprint(url);
            marks.add(mark);
            if (context.store().get(mark).isPresent()) {
                continue;
            }
            String failure = post(url, secret, eventId, type, body);
            if (failure == null) {
                context.store().put(mark, "1");
            } else {
                failures.add(hostOf(url) + ": " + failure);
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException(
                    "webhook " + type + " " + eventId + " not accepted by " + String.join("; ", failures));
        }
        marks.forEach(context.store()::delete);
    }

    /**
     * The admin's "send a test": a signed {@code test} event to every URL now, whatever they subscribed to,
     * so the merchant sees their receiver verify it. Not remembered per URL: a test is not retried.
     */
    @Override
    public void sendTest(StoreNotice test) throws Exception {
        List<String> urls = context.settings().getList(URLS);
        if (urls.isEmpty()) {
            throw new IllegalStateException("fill in urls and save first");
        }
        String secret = context.settings().require(SECRET);
        String eventId =
                test.fields().getOrDefault(NOTICE_ID, "ntc_test_" + test.at().toEpochMilli());
        String body = context.json().write(event(eventId, TEST_TYPE, test));
        List<String> failures = new ArrayList<>();
        for (String url : urls) {
            String failure = post(url, secret, eventId, TEST_TYPE, body);
            if (failure != null) {
                failures.add(hostOf(url) + ": " + failure);
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("the test event was not accepted by " + String.join("; ", failures));
        }
    }

    private Map<String, Object> event(String eventId, String type, StoreNotice notice) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", eventId);
        event.put("type", type);
        event.put("created", notice.at().getEpochSecond());
        event.put("subject", notice.subject());
        Map<String, String> data = new LinkedHashMap<>(notice.fields());
        data.remove(NOTICE_ID);
        event.put("data", data);
        return event;
    }

    /** Null when the URL answered 2xx, else why not. */
    private String post(String url, String secret, String eventId, String type, String body)
            throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Kamishop-Webhooks/1")
                    .header("Kamishop-Event-Id", eventId)
                    .header("Kamishop-Event-Type", type)
                    .header(
                            WebhookSignature.HEADER,
                            WebhookSignature.header(secret, context.clock().millis() / 1000, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = context.http().send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "answered HTTP " + response.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "an invalid URL" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "an invalid URL";
        }
    }

    private static String fingerprint(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
