package io.kamishop.payment;

import io.kamishop.api.PaymentChannel;
import io.kamishop.plugin.PluginHost;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The payment channels of started plugins. A disabled plugin's channel is simply not here. */
public final class ChannelRegistry {

    private final PluginHost plugins;
    private final GatewayTimings timings;

    /** Channels whose gateway calls are timed into {@code timings} (and traced). */
    public ChannelRegistry(PluginHost plugins, GatewayTimings timings) {
        this.plugins = plugins;
        this.timings = timings;
    }

    /** Channels buyers can choose now: from started plugins, and configured. */
    public List<PaymentChannel> available() {
        return plugins.extensions(PaymentChannel.class).stream()
                .filter(c -> idOf(c) != null && ready(c))
                .sorted(Comparator.comparing(ChannelRegistry::idOf))
                .map(c -> TimedChannel.wrap(c, timings))
                .toList();
    }

    /** A started channel by id, ready or not (notifications for a channel being configured still verify). */
    public Optional<PaymentChannel> find(String id) {
        return plugins.extensions(PaymentChannel.class).stream().filter(c -> id.equals(idOf(c))).findFirst()
                .map(c -> TimedChannel.wrap(c, timings));
    }

    public boolean isAvailable(String id) {
        return find(id).filter(ChannelRegistry::ready).isPresent();
    }

    /**
     * A channel's id, or null for one whose plugin is stopping right now: looking for the buyer's
     * channel must not fail because some other plugin is being upgraded or disabled at that instant.
     */
    private static String idOf(PaymentChannel channel) {
        try {
            return channel.id();
        } catch (RuntimeException stopping) {
            return null;
        }
    }

    private static boolean ready(PaymentChannel channel) {
        try {
            return channel.isReady();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
