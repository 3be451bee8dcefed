package io.kamishop.payment;

import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.SettingDefinition;
import io.kamishop.domain.Refusal;
import io.kamishop.plugin.InstalledPlugin;
import io.kamishop.plugin.PluginHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The merchant's view of the payment channels, the use case behind {@code /admin/payments} and
 * {@code GET /api/admin/payments}: every channel a plugin brings (bundled or installed, started or
 * not) with its state, the settings it still needs, the notifications refused lately, and the full
 * notify URL to paste into the gateway; and the "test connection" behind
 * {@code POST /api/admin/payments/{plugin}/test} and the page's button.
 */
public final class PaymentChannelStatus {

    /** How far back refused notifications make a channel "failing". */
    static final Duration RECENT = Duration.ofHours(24);

    private static final int REFUSALS_LOOKED_AT = 100;

    /** Where a channel stands, in the order a merchant fixes things. */
    public enum State {
        /** A bundled payment plugin that was uninstalled. */
        NOT_INSTALLED,
        /** Installed, switched off. */
        DISABLED,
        /** The plugin did not load or start (see its error). */
        FAILED,
        /** Started, but required settings are missing or the channel says it cannot take payments yet. */
        NOT_CONFIGURED,
        /** Offered to buyers, and the gateway's notifications were refused lately (bad signatures, wrong amounts). */
        FAILING,
        /** Offered to buyers. */
        OFFERED
    }

    /**
     * One channel.
     *
     * @param channelId     the id in the notify URL and at checkout, or {@code null} when the plugin declares none it could read
     * @param notifyUrl     the absolute URL the gateway must call, or {@code null} when no public URL is configured
     * @param missing       labels of required settings without a value
     * @param refusedLately notifications refused in the last {@link #RECENT}, at most {@value #REFUSALS_LOOKED_AT}
     * @param lastRefusal   the reason of the newest of them, or {@code null}
     * @param testable      whether the channel has a connection test (and is started, so it can run)
     */
    public record Channel(
            String pluginId,
            @Nullable String channelId,
            String name,
            State state,
            @Nullable String error,
            List<String> missing,
            int refusedLately,
            @Nullable String lastRefusal,
            @Nullable String notifyUrl,
            boolean testable) {}

    /** @param publicUrl the configured public URL, or {@code null}: without it no notify URL can be given */
    public record Overview(@Nullable String publicUrl, List<Channel> channels) {}

    private final PluginHost plugins;
    private final RefusedNotifications refusals;
    private final Optional<String> publicUrl;
    private final Clock clock;
    private final Set<String> bundledPaymentPlugins;

    public PaymentChannelStatus(
            PluginHost plugins, RefusedNotifications refusals, Optional<String> publicUrl, Clock clock) {
        this.plugins = plugins;
        this.refusals = refusals;
        this.publicUrl = publicUrl.map(url -> url.replaceAll("/+$", ""));
        this.clock = clock;
        this.bundledPaymentPlugins = bundledPaymentPlugins();
    }

    public Overview overview() {
        List<Channel> channels = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (InstalledPlugin plugin : plugins.list()) {
            if (!plugin.extensions().contains(PaymentChannel.class.getSimpleName())) {
                continue;
            }
            seen.add(plugin.id());
            List<String> ids = plugins.declaredIds(plugin.id(), PaymentChannel.class);
            if (ids.isEmpty()) {
                channels.add(describe(plugin, null));
            }
            ids.forEach(id -> channels.add(describe(plugin, id)));
        }
        for (String bundled : bundledPaymentPlugins) {
            if (!seen.contains(bundled)) {
                channels.add(new Channel(
                        bundled, null, bundled, State.NOT_INSTALLED, null, List.of(), 0, null, null, false));
            }
        }
        channels.sort(
                Comparator.comparing(Channel::pluginId).thenComparing(c -> c.channelId() == null ? "" : c.channelId()));
        return new Overview(publicUrl.orElse(null), List.copyOf(channels));
    }

    /**
     * Runs the channel's connection test. 404 when no installed plugin brings a payment channel by that id;
     * 409 when it is not started (its code is not running). A plugin that throws is reported as a failure,
     * never as a 5xx: what broke is the gateway or its settings, which the merchant came here to find out.
     */
    public ConnectionCheck test(String pluginId) {
        InstalledPlugin plugin = plugins.find(pluginId)
                .filter(p -> p.extensions().contains(PaymentChannel.class.getSimpleName()))
                .orElseThrow(() -> Refusal.notFound(
                        "payment_channel_not_found",
                        "no installed plugin '" + pluginId + "' brings a payment channel"));
        Optional<PaymentChannel> channel = running(plugin.id());
        if (channel.isEmpty()) {
            throw Refusal.conflict(
                    "channel_not_started", "the plugin '" + pluginId + "' is not started; enable it first");
        }
        try {
            return channel.get().testConnection();
        } catch (RuntimeException | AbstractMethodError e) {
            return ConnectionCheck.failed(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private Channel describe(InstalledPlugin plugin, @Nullable String channelId) {
        String notifyUrl = channelId == null
                ? null
                : publicUrl
                        .map(base -> base + "/api/payments/" + URLEncoder.encode(channelId, StandardCharsets.UTF_8)
                                + "/notify")
                        .orElse(null);
        if (!plugin.state().equals("started")) {
            State state = plugin.state().equals("failed") ? State.FAILED : State.DISABLED;
            return new Channel(
                    plugin.id(),
                    channelId,
                    channelId == null ? plugin.id() : channelId,
                    state,
                    plugin.error(),
                    missing(plugin.id()),
                    0,
                    null,
                    notifyUrl,
                    false);
        }
        Optional<PaymentChannel> channel = plugins.ownedExtensions(PaymentChannel.class).stream()
                .filter(o -> o.pluginId().equals(plugin.id()))
                .map(PluginHost.Owned::extension)
                .filter(c -> channelId == null || channelId.equals(safeId(c)))
                .findFirst();
        String name = channel.map(PaymentChannelStatus::safeName).orElse(channelId == null ? plugin.id() : channelId);
        List<String> missing = missing(plugin.id());
        boolean ready = channel.map(PaymentChannelStatus::safeReady).orElse(false);
        List<RefusedNotification> recent = channelId == null ? List.of() : refusedLately(channelId);
        State state =
                !ready || !missing.isEmpty() ? State.NOT_CONFIGURED : recent.isEmpty() ? State.OFFERED : State.FAILING;
        boolean testable = plugins.implementsOwn(plugin.id(), PaymentChannel.class, "testConnection");
        return new Channel(
                plugin.id(),
                channelId,
                name,
                state,
                plugin.error(),
                missing,
                recent.size(),
                recent.isEmpty() ? null : recent.get(0).reason(),
                notifyUrl,
                testable);
    }

    private Optional<PaymentChannel> running(String pluginId) {
        return plugins.ownedExtensions(PaymentChannel.class).stream()
                .filter(o -> o.pluginId().equals(pluginId))
                .map(PluginHost.Owned::extension)
                .findFirst();
    }

    private List<String> missing(String pluginId) {
        List<SettingDefinition> schema = plugins.schema(pluginId);
        return schema.stream()
                .filter(d -> d.required() && d.defaultValue() == null && !d.generated())
                .filter(d -> plugins.settingsStore()
                        .value(pluginId, d.key(), schema)
                        .filter(v -> !v.isBlank())
                        .isEmpty())
                .map(SettingDefinition::label)
                .toList();
    }

    private List<RefusedNotification> refusedLately(String channelId) {
        long since = clock.millis() - RECENT.toMillis();
        return refusals.recent(channelId, null, Long.MAX_VALUE, REFUSALS_LOOKED_AT).stream()
                .filter(r -> r.at() >= since)
                .toList();
    }

    // A plugin's answer is the plugin's business; a throwing one must not take the merchant's overview down.
    private static @Nullable String safeId(PaymentChannel channel) {
        try {
            return channel.id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static @Nullable String safeName(PaymentChannel channel) {
        try {
            return channel.displayName();
        } catch (RuntimeException e) {
            return safeId(channel);
        }
    }

    private static boolean safeReady(PaymentChannel channel) {
        try {
            return channel.isReady();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The bundled plugins that bring a payment channel, by the bundled list's names ({@code payment-*.jar}). */
    private static Set<String> bundledPaymentPlugins() {
        Set<String> ids = new TreeSet<>();
        try (InputStream in = PaymentChannelStatus.class.getResourceAsStream("/bundled-plugins.txt")) {
            if (in == null) {
                return Set.of();
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String name = line.strip();
                if (name.startsWith("payment-") && name.endsWith(".jar")) {
                    ids.add(name.substring(0, name.length() - ".jar".length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(ids);
    }
}
