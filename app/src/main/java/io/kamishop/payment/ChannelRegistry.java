package io.kamishop.payment;

import io.kamishop.api.PaymentChannel;
import io.kamishop.plugin.PluginHost;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The payment channels of started plugins. A disabled plugin's channel is simply not here. */
public final class ChannelRegistry {

    /** A channel a buyer may choose for an order, with what it adds to it. */
    public record Offered(PaymentChannel channel, ChannelFees.Offer terms) {
    }

    private final PluginHost plugins;
    private final GatewayTimings timings;
    private final ChannelFees fees;

    /** Channels whose gateway calls are timed into {@code timings} (and traced), charging {@code fees}. */
    public ChannelRegistry(PluginHost plugins, GatewayTimings timings, ChannelFees fees) {
        this.plugins = plugins;
        this.timings = timings;
        this.fees = fees;
    }

    /** Channels buyers can choose now: from started plugins, and configured. */
    public List<PaymentChannel> available() {
        return plugins.extensions(PaymentChannel.class).stream()
                .filter(c -> idOf(c) != null && ready(c))
                .sorted(Comparator.comparing(ChannelRegistry::idOf))
                .map(c -> TimedChannel.wrap(c, timings))
                .toList();
    }

    /**
     * Channels buyers can choose now for goods worth {@code amount} minor units: those whose limits take the
     * amount with their fee (placing an order through another is refused the same way).
     */
    public List<Offered> offeredFor(long amount) {
        return available().stream().map(c -> new Offered(c, fees.offer(c.id(), amount)))
                .filter(o -> o.terms().offered()).toList();
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
