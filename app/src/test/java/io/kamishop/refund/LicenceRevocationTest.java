package io.kamishop.refund;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A licence of a refunded order is revoked online; a partial refund leaves it valid. */
class LicenceRevocationTest {

    @Test
    void aLicenceOfARefundedOrderVerifiesAsRevokedAndAPartialRefundKeepsItValid() {
        try (TestStore store = TestStore.start()) {
            Http.Answer configured =
                    store.http().adminPutJson("/api/admin/plugins/keyformat-license/config", Map.of("mode", "licence"));
            assertThat(configured.status()).as(configured.body()).isEqualTo(200);
            long product = store.createProduct("Pro Edition", "generated", Map.of("keyFormat", "license"));
            JsonNode placed = store.order(product, 1).json();
            String orderNo = placed.get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 1000, "lic-" + orderNo).status())
                    .isEqualTo(200);
            String licence = store.http()
                    .get("/api/orders/" + orderNo + "?token="
                            + placed.get("lookupToken").asText())
                    .json()
                    .get("keys")
                    .get(0)
                    .asText();
            JsonNode valid = store.http()
                    .postJson("/api/licences/verify", Map.of("licence", licence))
                    .json();
            assertThat(valid.get("valid").asBoolean()).isTrue();
            assertThat(valid.get("status").asText()).isEqualTo("valid");

            store.http()
                    .adminPostJson(
                            "/api/admin/orders/" + orderNo + "/refund", Map.of("amount", 100, "reason", "goodwill"));
            assertThat(store.http()
                            .postJson("/api/licences/verify", Map.of("licence", licence))
                            .json()
                            .get("valid")
                            .asBoolean())
                    .as("a partial refund does not take the licence back")
                    .isTrue();

            Http.Answer refunded = store.http()
                    .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "returned"));
            assertThat(refunded.json().get("status").asText()).isEqualTo("succeeded");
            JsonNode revoked = store.http()
                    .postJson("/api/licences/verify", Map.of("licence", licence))
                    .json();

            assertThat(revoked.get("valid").asBoolean()).isFalse();
            assertThat(revoked.get("status").asText()).isEqualTo("revoked");
            assertThat(store.http()
                            .postJson("/api/key-formats/license/verify", Map.of("key", licence))
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("revoked");
        }
    }
}
