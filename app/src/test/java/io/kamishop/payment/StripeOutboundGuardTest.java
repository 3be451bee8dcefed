package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stripe-java's own HTTP client no longer passes by the outbound guard: a loopback API base is refused. */
class StripeOutboundGuardTest {

    @Test
    void aStripeCallToALoopbackBaseUrlIsRefusedBeforeAnyByteIsSent() {
        try (StripeFake stripe = new StripeFake();
                TestStore store = TestStore.start()) {
            long product = store.createProduct("Guarded", 1999, "USD");
            store.importKeys(product, List.of("G-1"));
            Http.Answer configured =
                    store.http().adminPutJson("/api/admin/plugins/payment-stripe/config", stripe.pluginConfig());
            assertThat(configured.status()).as(configured.body()).isEqualTo(200);

            Http.Answer order = store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    1,
                                    "email",
                                    "buyer@example.com",
                                    "channel",
                                    "stripe"));

            assertThat(order.status()).as(order.body()).isNotEqualTo(500);
            assertThat(order.body()).doesNotContain("checkout.stripe.com");
            assertThat(stripe.calls("POST", "/v1/checkout/sessions")).isEmpty();
        }
    }
}
