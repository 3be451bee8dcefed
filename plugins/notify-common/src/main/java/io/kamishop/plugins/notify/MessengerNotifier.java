package io.kamishop.plugins.notify;

import io.kamishop.api.Notifier;
import io.kamishop.api.PluginContext;
import io.kamishop.api.SettingDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A notifier that writes the merchant a short message in a messenger (Telegram, Bark, ServerChan,
 * WeCom, DingTalk, Feishu). A messenger supplies its settings and {@link #deliver}: one HTTP call and
 * reading the service's answer. Everything else is here, once:
 *
 * <ul>
 *   <li>the per-event choice ({@code events}, {@link AlertEvents}); nothing is wanted, so nothing is
 *       queued, until every required setting has a value;</li>
 *   <li>the message, in the store's language, from the notice's facts only ({@link Alert});</li>
 *   <li>each notice sent once: retries are the host's (the notice outbox), and a notice the host hands
 *       over again after the messenger took it is skipped ({@link SentNotices});</li>
 *   <li>failures reported without the secrets: a token can sit in a URL, and the reason is shown in the
 *       admin's notice list.</li>
 * </ul>
 */
public abstract class MessengerNotifier implements Notifier {

    /** The per-event choice, by {@link AlertEvents} names: checkboxes, stored as a comma list ({@code *}, saved before 1.4, is all). */
    public static final String EVENTS = "events";
    /** The setting of {@link #apiBaseSetting}. */
    public static final String API_BASE = "apiBase";
    /** The setting of {@link #webhookUrlSetting}. */
    public static final String WEBHOOK_URL = "webhookUrl";
    /** The setting of {@link #signingSecretSetting}. */
    public static final String SIGNING_SECRET = "secret";
    /** How long one call to the service may take; the host retries a failure later. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private static final int LONGEST_REASON = 300;

    private volatile PluginContext context;

    /** The messenger's own settings (where to send, the token, a signing secret), listed before the event choice. */
    protected abstract List<SettingDefinition> messengerSettings();

    /**
     * Sends one alert. Throw when the service did not take it, with its own reason ("chat not found",
     * "sign not match"): the host retries later and shows the merchant the reason.
     */
    protected abstract void deliver(Alert alert) throws IOException, InterruptedException;

    /** Where the service's API is: its public address by default, or a server the merchant runs. */
    protected static SettingDefinition apiBaseSetting(String label, String defaultUrl, String help) {
        SettingDefinition setting = SettingDefinition.string(API_BASE, label)
                .withType(SettingDefinition.Type.URL)
                .withHelp(help);
        return defaultUrl == null ? setting : setting.withDefault(defaultUrl);
    }

    /** A group robot's address: sealed, since anyone holding it can post into the group. */
    protected static SettingDefinition webhookUrlSetting(String help) {
        return SettingDefinition.secret(WEBHOOK_URL, "Webhook URL")
                .withType(SettingDefinition.Type.URL)
                .asRequired()
                .withHelp(help);
    }

    /** The secret a group robot checks each message's signature with; optional, as the robot's security setting is. */
    protected static SettingDefinition signingSecretSetting(String label, String help) {
        return SettingDefinition.secret(SIGNING_SECRET, label).withHelp(help);
    }

    @Override
    public final List<SettingDefinition> settings() {
        List<SettingDefinition> all = new ArrayList<>(messengerSettings());
        // Every event by default: a merchant who ticks none gets the default back (an empty value is no choice).
        all.add(SettingDefinition.multiChoice(EVENTS, "Events", List.copyOf(AlertEvents.BY_NAME.keySet()))
                .withDefault(String.join(",", AlertEvents.BY_NAME.keySet()))
                .withHelp("What to be told about. To hear nothing, disable the plugin."));
        return List.copyOf(all);
    }

    @Override
    public void start(PluginContext pluginContext) {
        this.context = pluginContext;
    }

    /** The host's context: settings, clock, the guarded HTTP client. */
    protected final PluginContext context() {
        return context;
    }

    @Override
    public final Set<StoreNotice.Kind> kinds() {
        if (!configured()) {
            return Set.of();
        }
        // getChoices reads the comma list of the checkboxes and a list saved before them, one per line, alike.
        return AlertEvents.chosen(context.settings().getChoices(EVENTS));
    }

    /** Whether every required setting has a value: an alert cannot go anywhere before. */
    private boolean configured() {
        return messengerSettings().stream()
                .filter(SettingDefinition::required)
                .allMatch(d -> context.settings()
                        .get(d.key())
                        .filter(v -> !v.isBlank())
                        .isPresent());
    }

    @Override
    public final void send(StoreNotice notice) throws Exception {
        if (!kinds().contains(notice.kind())) {
            return; // unsubscribed (or unconfigured) since the notice was queued
        }
        String noticeId = notice.fields().get(NOTICE_ID);
        SentNotices sent = new SentNotices(context.store(), context.clock());
        if (noticeId != null && sent.contains(noticeId)) {
            return;
        }
        deliverWithoutSecrets(Alert.of(notice));
        if (noticeId != null) {
            sent.add(noticeId);
        }
    }

    @Override
    public final void sendTest(StoreNotice test) throws Exception {
        if (!configured()) {
            throw new IllegalStateException("fill in "
                    + String.join(
                            ", ",
                            messengerSettings().stream()
                                    .filter(SettingDefinition::required)
                                    .map(SettingDefinition::key)
                                    .toList())
                    + " and save first");
        }
        deliverWithoutSecrets(Alert.of(test));
    }

    /**
     * Delivers, and on failure throws a fresh exception whose message names no secret setting's value
     * (nor carries a cause that would): an {@link IllegalArgumentException} from a URL holding a token
     * prints the URL.
     */
    private void deliverWithoutSecrets(Alert alert) throws IOException, InterruptedException {
        try {
            deliver(alert);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            for (SettingDefinition d : messengerSettings()) {
                String value = d.secret() ? context.settings().get(d.key()).orElse("") : "";
                if (value.length() >= 4) {
                    reason = reason.replace(value, "***");
                }
            }
            throw new IOException(reason.length() > LONGEST_REASON ? reason.substring(0, LONGEST_REASON) : reason);
        }
    }

    /** POSTs {@code body} as JSON through the host's guarded client. */
    protected final HttpResponse<String> postJson(URI uri, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Kamishop-Alerts/1")
                .POST(HttpRequest.BodyPublishers.ofString(context.json().write(body), StandardCharsets.UTF_8))
                .build();
        return context.http().send(request);
    }

    /** The service's JSON answer; a failure naming the HTTP status when it is not JSON (a proxy's error page). */
    protected final Map<String, Object> jsonAnswer(String service, HttpResponse<String> response) throws IOException {
        try {
            return context.json().parseObject(response.body().getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(service + " answered HTTP " + response.statusCode() + " without JSON");
        }
    }

    /**
     * Checks the error-code field most of these services answer with ({@code errcode}, {@code code}):
     * {@code success} means taken; anything else (or none) is a failure naming the code and the service's message.
     */
    protected static void requireCode(
            String service,
            HttpResponse<String> response,
            Map<String, Object> answer,
            String codeField,
            long success,
            String messageField)
            throws IOException {
        Object code = answer.get(codeField);
        if (code instanceof Number n && n.longValue() == success) {
            return;
        }
        throw new IOException(service + " refused the message (HTTP " + response.statusCode() + ", " + codeField + " "
                + code + "): " + answer.get(messageField));
    }

    /** A base URL setting without its trailing slashes, so paths can be appended. */
    protected final String baseUrl(String setting) {
        return context.settings().require(setting).replaceAll("/+$", "");
    }
}
