package io.kamishop.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.config.Cidr;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static String buyerIpOfAnOrderPlacedWith(TestStore store, String forwardedFor) {
        long product = store.createProduct("P", 100, "CNY");
        store.importKeys(product, List.of("K-" + System.nanoTime()));
        Http.Answer placed = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/orders"))
                                .header("Content-Type", "application/json")
                                .header("X-Forwarded-For", forwardedFor)
                                .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(
                                        Map.of("productId", product, "email", "a@b.co", "channel", "sandbox")))),
                        false);
        return store.http()
                .adminGet("/api/admin/orders/" + placed.json().get("orderNo").asText())
                .json()
                .get("buyerIp")
                .asText();
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        try (TestStore store = TestStore.start()) {
            assertThat(buyerIpOfAnOrderPlacedWith(store, "203.0.113.9")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        }
    }

    @Test
    void forwardedForFromATrustedProxyNamesTheBuyer() {
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_TRUSTED_PROXIES", "127.0.0.1/32, ::1")
                .start()) {
            assertThat(buyerIpOfAnOrderPlacedWith(store, "198.51.100.7, 203.0.113.9"))
                    .isEqualTo("203.0.113.9");
        }
    }

    @Test
    void cidrRangesMatchByPrefix() {
        assertThat(Cidr.parse("10.0.0.0/8").contains("10.200.3.4")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains("2001:db8:1::5")).isTrue();
        assertThat(Cidr.parse("192.168.1.7").contains("192.168.1.8")).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains("not-an-ip")).isFalse();
    }
}
