package com.example.kamishop.pay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.PluginContext;
import io.kamishop.api.StoreUrls;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A channel is plain Java: test it with a hand-made context, no store needed. */
class ExamplePayChannelTest {

    private final ExamplePayChannel channel = new ExamplePayChannel();

    @BeforeEach
    void start() {
        Map<String, String> settings =
                Map.of("merchantId", "M1", "apiSecret", "s3cret", "gatewayUrl", "https://pay.example.com/checkout");
        StoreUrls urls = new StoreUrls() {
            public URI base() {
                return URI.create("https://shop.example");
            }

            public URI notifyUrl(String id) {
                return URI.create("https://shop.example/api/payments/" + id + "/notify");
            }

            public URI orderPage(String no, String token) {
                return URI.create("https://shop.example/orders/" + no + "?token=" + token);
            }

            public URI channelPage(String id, String sub) {
                return URI.create("https://shop.example/pay/" + id + "/" + sub);
            }
        };
        // Only settings() and storeUrls() are used by this channel; any other call fails the test.
        PluginContext context = (PluginContext) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {PluginContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "settings" -> (io.kamishop.api.PluginSettings) key -> Optional.ofNullable(settings.get(key));
                    case "storeUrls" -> urls;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        channel.start(context);
    }

    @Test
    void redirectsToTheGatewayWithASignedQuery() {
        var instructions = channel.createPayment(new PaymentRequest(
                "K1", new Money(990, "CNY"), "Game key x 1", "b@example.com", "203.0.113.9", Instant.now(), "tok"));
        assertThat(instructions.redirectUrl())
                .startsWith("https://pay.example.com/checkout?merchant=M1&orderNo=K1&amount=990&currency=CNY")
                .contains("&sign=");
    }

    @Test
    void acceptsASignedNotification() throws Exception {
        String body = "orderNo=K1&tradeNo=T9&amount=990";
        PaymentNotification paid = channel.parseNotification(notification(body, channel.sign(body)));
        assertThat(paid.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        assertThat(paid.orderNo()).isEqualTo("K1");
        assertThat(paid.amountMinor()).isEqualTo(990);
        assertThat(paid.acknowledgement()).isEqualTo("OK");
    }

    @Test
    void refusesAForgedNotification() {
        String body = "orderNo=K1&tradeNo=T9&amount=1";
        assertThatThrownBy(() -> channel.parseNotification(notification(body, "00".repeat(32))))
                .isInstanceOf(NotificationRejectedException.class);
    }

    private static IncomingRequest notification(String body, String signature) {
        Map<String, List<String>> params = Map.of(
                "orderNo",
                List.of("K1"),
                "tradeNo",
                List.of("T9"),
                "amount",
                List.of(body.substring(body.lastIndexOf('=') + 1)));
        return new IncomingRequest(
                "POST",
                "",
                Map.of("x-example-signature", List.of(signature)),
                params,
                body.getBytes(StandardCharsets.UTF_8),
                "203.0.113.1");
    }
}
