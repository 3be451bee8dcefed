package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentMethod;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentRequest;
import io.kamishop.plugin.PluginStoppedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A buyer's list of payment choices while a merchant disables a plugin (on this node or another, which this node
 * follows within a second): the stopping channel is left out, never a 409 for the whole list. TwoNodesTest met it
 * under load: the channel answered its id and then stopped before its name.
 */
class ChannelChoicesTest {

    @Test
    void aChannelWhosePluginStopsWhileItIsListedIsLeftOut() {
        assertThat(ChannelRegistry.choicesOf(new Stopping(1))).isEmpty();
        assertThat(ChannelRegistry.choicesOf(new Stopping(2))).isEmpty();
    }

    @Test
    void aRunningChannelIsOneChoiceOrOnePerMethod() {
        assertThat(ChannelRegistry.choicesOf(new Stopping(Integer.MAX_VALUE)))
                .extracting(ChannelRegistry.Choice::id, ChannelRegistry.Choice::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sandbox", "Sandbox"));
        PaymentChannel withMethods = new Stopping(Integer.MAX_VALUE) {
            @Override
            public List<PaymentMethod> methods() {
                return List.of(new PaymentMethod("alipay", "Alipay"), new PaymentMethod("wxpay", "WeChat Pay"));
            }
        };
        assertThat(ChannelRegistry.choicesOf(withMethods))
                .extracting(ChannelRegistry.Choice::id)
                .containsExactly("sandbox-alipay", "sandbox-wxpay");
    }

    /** A channel whose plugin stops after it answered {@code callsBeforeStopping} calls, as a guarded proxy does. */
    private static class Stopping implements PaymentChannel {
        private int callsLeft;

        Stopping(int callsBeforeStopping) {
            this.callsLeft = callsBeforeStopping;
        }

        private void call() {
            if (callsLeft-- <= 0) {
                throw new PluginStoppedException("payment-sandbox");
            }
        }

        @Override
        public String id() {
            call();
            return "sandbox";
        }

        @Override
        public String displayName() {
            call();
            return "Sandbox";
        }

        @Override
        public List<PaymentMethod> methods() {
            call();
            return List.of();
        }

        @Override
        public PaymentInstructions createPayment(PaymentRequest request) {
            throw new UnsupportedOperationException("not paid in this test");
        }

        @Override
        public PaymentNotification parseNotification(IncomingRequest request) {
            throw new UnsupportedOperationException("not notified in this test");
        }
    }
}
