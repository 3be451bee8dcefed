package io.kamishop.licence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LicenceTest {

    /** The docs' snippet: what a merchant's app does offline with the published public key. */
    private static boolean verifiesOffline(String publicKeyBase64, String licence) throws Exception {
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
        int dot = licence.lastIndexOf('.');
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(key);
        signature.update(licence.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(licence.substring(dot + 1)));
    }

    private static String tamper(String licence) {
        String[] parts = licence.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"pid\":", "\"pid\":9");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    @Test
    void aSoldLicenceVerifiesOfflineAndATamperedOneIsRefused() throws Exception {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Pro Edition", 4900, "CNY");
            Http.Answer generated = store.http().adminPostJson("/api/admin/products/" + product + "/keys/generate",
                    Map.of("count", 3, "licence", true, "validDays", 365));
            assertThat(generated.json().get("imported").asInt()).isEqualTo(3);
            JsonNode placed = store.order(product, 1).json();
            String orderNo = placed.get("orderNo").asText();
            store.notifySandbox(orderNo, 4900, "t-1");
            String licence = store.http().get("/api/orders/" + orderNo + "?token=" + placed.get("lookupToken").asText())
                    .json().get("keys").get(0).asText();
            String publicKey = store.http().get("/api/licences/public-key").json().get("publicKey").asText();

            assertThat(licence).startsWith("KSL1.");
            assertThat(verifiesOffline(publicKey, licence)).isTrue();
            assertThat(verifiesOffline(publicKey, tamper(licence))).isFalse();
            JsonNode checked = store.http().postJson("/api/licences/verify", Map.of("licence", licence)).json();
            assertThat(checked.get("valid").asBoolean()).isTrue();
            assertThat(checked.get("licence").get("pid").asLong()).isEqualTo(product);
            assertThat(checked.get("licence").get("product").asText()).isEqualTo("Pro Edition");
            JsonNode refused = store.http().postJson("/api/licences/verify", Map.of("licence", tamper(licence))).json();
            assertThat(refused.get("valid").asBoolean()).isFalse();
            assertThat(store.http().postJson("/api/licences/verify", Map.of("licence", "KSL1.garbage")).json()
                    .get("valid").asBoolean()).isFalse();
        }
    }

    @Test
    void anExpiredLicenceIsNoLongerValid() {
        MutableClock clock = MutableClock.now();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            long product = store.createProduct("Trial", 100, "CNY");
            store.http().adminPostJson("/api/admin/products/" + product + "/keys/generate", Map.of("count", 1, "licence", true, "validDays", 1));
            JsonNode placed = store.order(product, 1).json();
            store.notifySandbox(placed.get("orderNo").asText(), 100, "t-1");
            String licence = store.http().get("/api/orders/" + placed.get("orderNo").asText() + "?token="
                    + placed.get("lookupToken").asText()).json().get("keys").get(0).asText();
            assertThat(store.http().postJson("/api/licences/verify", Map.of("licence", licence)).json().get("valid").asBoolean()).isTrue();

            clock.advance(Duration.ofDays(2));

            JsonNode expired = store.http().postJson("/api/licences/verify", Map.of("licence", licence)).json();
            assertThat(expired.get("valid").asBoolean()).isFalse();
            assertThat(expired.get("reason").asText()).isEqualTo("expired");
        }
    }

    @Test
    void patternKeysAreGeneratedIntoStockAndWeakPatternsAreRefused() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 100, "CNY");
            String path = "/api/admin/products/" + product + "/keys/generate";
            Http.Answer made = store.http().adminPostJson(path, Map.of("count", 50, "pattern", "XXXXX-XXXXX-XXXXX"));

            assertThat(made.json().get("imported").asInt()).isEqualTo(50);
            assertThat(store.stock(product).get("available").asInt()).isEqualTo(50);
            assertThat(store.http().adminPostJson(path, Map.of("count", 5, "pattern", "XX-99")).status()).isEqualTo(422);
            assertThat(store.http().adminPostJson(path, Map.of("count", 0, "pattern", "XXXXX-XXXXX-XXXXX")).status()).isEqualTo(422);
            assertThat(store.http().adminPostJson(path, Map.of("count", 5)).status()).isEqualTo(400);
            assertThat(store.stock(product).get("available").asInt()).isEqualTo(50);
        }
    }
}
