package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentMethod;
import io.kamishop.plugin.PluginStoppedException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A buyer's list of payment choices while a merchant disables a plugin (on this node or another, which this node
 * follows within a second): the stopping channel is left out, never a 409 for the whole list. TwoNodesTest met it
 * under load: the channel answered its id and then stopped before its name.
 */
class ChannelChoicesTest {

    @Test
    void aChannelWhosePluginStopsWhileItIsListedIsLeftOut() {
        assertThat(ChannelRegistry.choicesOf(stoppingAfter(1, List.of()))).isEmpty();
        assertThat(ChannelRegistry.choicesOf(stoppingAfter(2, List.of()))).isEmpty();
    }

    @Test
    void aRunningChannelIsOneChoiceOrOnePerMethod() {
        assertThat(ChannelRegistry.choicesOf(stoppingAfter(Integer.MAX_VALUE, List.of())))
                .extracting(ChannelRegistry.Choice::id, ChannelRegistry.Choice::name)
                .containsExactly(Tuple.tuple("sandbox", "Sandbox"));
        List<PaymentMethod> methods =
                List.of(new PaymentMethod("alipay", "Alipay"), new PaymentMethod("wxpay", "WeChat Pay"));
        assertThat(ChannelRegistry.choicesOf(stoppingAfter(Integer.MAX_VALUE, methods)))
                .extracting(ChannelRegistry.Choice::id)
                .containsExactly("sandbox-alipay", "sandbox-wxpay");
    }

    /**
     * A channel that answers {@code callsBeforeStopping} calls and then throws as a guarded proxy of a stopped plugin
     * does ({@code ExtensionGuard}). A proxy, like the guard: only what a listing asks is answered.
     */
    private static PaymentChannel stoppingAfter(int callsBeforeStopping, List<PaymentMethod> methods) {
        AtomicInteger callsLeft = new AtomicInteger(callsBeforeStopping);
        return (PaymentChannel) Proxy.newProxyInstance(
                PaymentChannel.class.getClassLoader(), new Class<?>[] {PaymentChannel.class}, (proxy, method, args) -> {
                    if (callsLeft.getAndDecrement() <= 0) {
                        throw new PluginStoppedException("payment-sandbox");
                    }
                    return switch (method.getName()) {
                        case "id" -> "sandbox";
                        case "displayName" -> "Sandbox";
                        case "methods" -> methods;
                        default -> throw new AssertionError("a listing does not call " + method.getName());
                    };
                });
    }
}
