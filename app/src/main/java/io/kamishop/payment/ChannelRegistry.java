package io.kamishop.payment;

import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentMethod;
import io.kamishop.domain.Audience;
import io.kamishop.plugin.PluginHost;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The payment channels of started plugins, and the choices they offer buyers. A disabled plugin's
 * channel is simply not here.
 *
 * <p>A channel is usually one choice under its own id. A channel that fronts several wallets (see
 * {@link PaymentChannel#methods()}) is offered as one choice per method, {@code <channel>-<method>},
 * and an order records that id; everything that acts on such an order (starting its payment,
 * checking a notification against it, the reconciler, refunds) finds the channel through
 * {@link #forOrder}.
 */
public final class ChannelRegistry {

    /**
     * Something a buyer can choose: a channel, or one method of a channel.
     *
     * @param id      what the buyer sends and the order records ({@code alipay}, {@code epay-wxpay})
     * @param name    what the buyer sees
     * @param channel the channel that takes the payment
     * @param method  the method's id for a channel with methods, else {@code null}
     */
    public record Choice(
            String id,
            String name,
            PaymentChannel channel,
            @Nullable String method) {}

    /** A choice a buyer may take for an order, with what its fee adds to it (fees are set per choice id). */
    public record Offered(Choice choice, ChannelFees.Offer terms) {}

    private final PluginHost plugins;
    private final GatewayTimings timings;
    private final ChannelFees fees;
    /** Whether a choice may be offered to a buyer (a channel behind a feature flag goes only to its "on" arm). */
    private final BiPredicate<String, Audience> audienceGate;
    /** The choices behind a gate (feature flags); every offering door goes through {@link #audienceGate}. */
    private final Supplier<? extends Collection<String>> gatedChoices;

    /**
     * Channels whose gateway calls are timed into {@code timings} (and traced), charging {@code fees}, offered to a
     * buyer only when {@code audienceGate} lets them ({@code gatedChoices}: the choices it may keep from someone).
     */
    public ChannelRegistry(
            PluginHost plugins,
            GatewayTimings timings,
            ChannelFees fees,
            BiPredicate<String, Audience> audienceGate,
            Supplier<? extends Collection<String>> gatedChoices) {
        this.plugins = plugins;
        this.timings = timings;
        this.fees = fees;
        this.audienceGate = audienceGate;
        this.gatedChoices = gatedChoices;
    }

    /** Channels from started plugins that are configured (ready) now. */
    public List<PaymentChannel> available() {
        return plugins.extensions(PaymentChannel.class).stream()
                .filter(c -> idOf(c) != null && ready(c))
                .sorted(Comparator.comparing(ChannelRegistry::idOf))
                .map(c -> TimedChannel.wrap(c, timings))
                .toList();
    }

    /**
     * Choices {@code who} can take now for goods worth {@code amount} minor units: those whose limits take the
     * amount with their fee and that are offered to this buyer (placing an order through another is refused the same way).
     */
    public List<Offered> offeredFor(long amount, Audience who) {
        return choices().stream()
                .filter(c -> audienceGate.test(c.id(), who))
                .map(c -> new Offered(c, fees.offer(c.id(), amount)))
                .filter(o -> o.terms().offered())
                .toList();
    }

    /** What buyers can choose now: each ready channel, or each method of a ready channel that offers methods. */
    public List<Choice> choices() {
        List<Choice> choices = new ArrayList<>();
        for (PaymentChannel channel : available()) {
            choices.addAll(choicesOf(channel));
        }
        return List.copyOf(choices);
    }

    /**
     * One channel's choices; none when its plugin stops while it is asked (disabled on this or another node): a
     * buyer's list then leaves the channel out, as the next list would, instead of failing with the plugin's 409.
     */
    static List<Choice> choicesOf(PaymentChannel channel) {
        try {
            String id = channel.id();
            List<PaymentMethod> methods = channel.methods();
            if (methods.isEmpty()) {
                return List.of(new Choice(id, channel.displayName(), channel, null));
            }
            return methods.stream()
                    .map(m -> new Choice(id + "-" + m.id(), m.displayName(), channel, m.id()))
                    .toList();
        } catch (RuntimeException stopping) {
            return List.of();
        }
    }

    /** A started channel by its own id, ready or not (notifications for a channel being configured still verify). */
    public Optional<PaymentChannel> find(String id) {
        return plugins.extensions(PaymentChannel.class).stream()
                .filter(c -> id.equals(idOf(c)))
                .findFirst()
                .map(c -> TimedChannel.wrap(c, timings));
    }

    /**
     * The channel that takes the payments of an order placed with choice {@code orderChannel}, ready
     * or not: the channel of that id, else the channel whose id and a dash begin it (the longest, so
     * {@code epay-x} is never taken for a method of {@code epay} while a channel {@code epay-x} runs).
     * Not limited to the methods offered now: an order placed through a method the merchant removed
     * since must still settle, be asked about and be refunded.
     */
    public Optional<Choice> forOrder(String orderChannel) {
        Optional<PaymentChannel> exact = find(orderChannel);
        if (exact.isPresent()) {
            return exact.map(c -> new Choice(orderChannel, c.displayName(), c, null));
        }
        // Each channel is asked its id once: a plugin stopping meanwhile answers null, and must not fail the look-up.
        record Named(PaymentChannel channel, String id) {}
        return plugins.extensions(PaymentChannel.class).stream()
                .flatMap(c -> {
                    String id = idOf(c);
                    return id == null ? java.util.stream.Stream.empty() : java.util.stream.Stream.of(new Named(c, id));
                })
                .filter(n -> orderChannel.length() > n.id().length() + 1 && orderChannel.startsWith(n.id() + "-"))
                .max(Comparator.comparingInt(n -> n.id().length()))
                .map(n -> {
                    PaymentChannel channel = TimedChannel.wrap(n.channel(), timings);
                    String method = orderChannel.substring(n.id().length() + 1);
                    return new Choice(orderChannel, channel.displayName(), channel, method);
                });
    }

    /** What {@code who} can choose now, whatever the amount: the ready choices less those kept from this buyer. */
    public List<Choice> choicesFor(Audience who) {
        return choices().stream().filter(c -> audienceGate.test(c.id(), who)).toList();
    }

    /**
     * The choices ready now that are kept from {@code who} (comma-separated, empty for most buyers): what a
     * page listing the channels offered depends on besides the amount, so a shared copy of it is kept per value.
     */
    public String withheldFrom(Audience who) {
        // Asked on every product page request, cache hits included: only the gated ids are looked at, never the
        // channels themselves (asking each plugin for its methods cost the cached page three quarters of its speed).
        Collection<String> gated = gatedChoices.get();
        if (gated.isEmpty()) {
            return "";
        }
        return String.join(
                ",",
                gated.stream()
                        .sorted()
                        .filter(id -> !audienceGate.test(id, who))
                        .toList());
    }

    /** Whether {@code who} may choose {@code id} now (the check of every door that places an order or switches its channel). */
    public boolean isAvailable(String id, Audience who) {
        return choices().stream().anyMatch(c -> c.id().equals(id)) && audienceGate.test(id, who);
    }

    /**
     * A channel's id, or null for one whose plugin is stopping right now: looking for the buyer's
     * channel must not fail because some other plugin is being upgraded or disabled at that instant.
     */
    private static @Nullable String idOf(PaymentChannel channel) {
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
