package io.kamishop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
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

/** The bundled keyformat-license plugin inside a real store: keys generated into stock, sold, and checked online and offline. */
class LicencePluginTest {

    /** The docs' snippet (docs/commerce.md): what a merchant's app does offline with the published public key. */
    static boolean verifyLicence(String licence, String publicKeyBase64) throws Exception {
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
        int dot = licence.lastIndexOf('.');
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(key);
        ed25519.update(licence.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        return ed25519.verify(Base64.getUrlDecoder().decode(licence.substring(dot + 1)));
    }

    static String tamper(String licence) {
        String[] parts = licence.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"pid\":", "\"pid\":9");
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    static String buyOne(TestStore store, long product, long price) {
        JsonNode placed = store.order(product, 1).json();
        String orderNo = placed.get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, price, "t-" + orderNo).status()).isEqualTo(200);
        return store.http()
                .get("/api/orders/" + orderNo + "?token="
                        + placed.get("lookupToken").asText())
                .json()
                .get("keys")
                .get(0)
                .asText();
    }

    @Test
    void aSoldLicenceVerifiesOfflineAndOnlineAndATamperedOneIsRefused() throws Exception {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Pro Edition", 4900, "CNY");
            Http.Answer generated = store.http()
                    .adminPostJson(
                            "/api/admin/products/" + product + "/keys/generate",
                            Map.of("count", 3, "licence", true, "validDays", 365));
            assertThat(generated.status()).as(generated.body()).isEqualTo(200);
            assertThat(generated.json().get("imported").asInt()).isEqualTo(3);
            String licence = buyOne(store, product, 4900);
            String publicKey = store.http()
                    .get("/api/licences/public-key")
                    .json()
                    .get("publicKey")
                    .asText();

            assertThat(store.http()
                            .get("/api/key-formats/license")
                            .json()
                            .get("publicKey")
                            .asText())
                    .isEqualTo(publicKey);
            assertThat(licence).startsWith("KSL1.");
            assertThat(verifyLicence(licence, publicKey)).isTrue();
            assertThat(verifyLicence(tamper(licence), publicKey)).isFalse();
            JsonNode checked = store.http()
                    .postJson("/api/licences/verify", Map.of("licence", licence))
                    .json();
            assertThat(checked.get("valid").asBoolean()).isTrue();
            assertThat(checked.get("licence").get("pid").asLong()).isEqualTo(product);
            assertThat(checked.get("licence").get("product").asText()).isEqualTo("Pro Edition");
            assertThat(store.http()
                            .postJson("/api/key-formats/license/verify", Map.of("key", licence))
                            .json()
                            .get("valid")
                            .asBoolean())
                    .isTrue();
            JsonNode refused = store.http()
                    .postJson("/api/licences/verify", Map.of("licence", tamper(licence)))
                    .json();
            assertThat(refused.get("valid").asBoolean()).isFalse();
            assertThat(store.http()
                            .postJson("/api/licences/verify", Map.of("licence", "KSL1.garbage"))
                            .json()
                            .get("valid")
                            .asBoolean())
                    .isFalse();
            assertThat(store.http().postJson("/api/licences/verify", Map.of()).status())
                    .isEqualTo(400);
        }
    }

    @Test
    void aGeneratedProductSignsEachBuyersLicenceAtDeliveryNamingTheBuyer() throws Exception {
        try (TestStore store = TestStore.start()) {
            Http.Answer configured =
                    store.http().adminPutJson("/api/admin/plugins/keyformat-license/config", Map.of("mode", "licence"));
            assertThat(configured.status()).as(configured.body()).isEqualTo(200);
            long product = store.createProduct("Pro Edition", "generated", Map.of("keyFormat", "license"));
            String publicKey = store.http()
                    .get("/api/key-formats/license")
                    .json()
                    .get("publicKey")
                    .asText();

            Http.Answer placed = store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    1,
                                    "email",
                                    "grace@example.com",
                                    "channel",
                                    "sandbox"));
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            String orderNo = placed.json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 1000, "lic-" + orderNo).status())
                    .isEqualTo(200);
            assertThat(store.notifySandbox(orderNo, 1000, "lic-" + orderNo).status())
                    .as("a replay")
                    .isEqualTo(200);
            JsonNode order = store.http()
                    .get("/api/orders/" + orderNo + "?token="
                            + placed.json().get("lookupToken").asText())
                    .json();

            assertThat(order.get("status").asText()).isEqualTo("delivered");
            assertThat(order.get("keys")).hasSize(1);
            String licence = order.get("keys").get(0).asText();
            assertThat(verifyLicence(licence, publicKey)).isTrue();
            JsonNode claims = store.http()
                    .postJson("/api/licences/verify", Map.of("licence", licence))
                    .json();
            assertThat(claims.get("valid").asBoolean()).isTrue();
            assertThat(claims.get("licence").get("buyer").asText()).isEqualTo("grace@example.com");
            assertThat(claims.get("licence").get("pid").asLong()).isEqualTo(product);
            String[] parts = licence.split("\\.");
            String otherBuyer = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("grace@example.com", "mallory@example.com");
            String forged = parts[0] + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(otherBuyer.getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2];
            assertThat(verifyLicence(forged, publicKey))
                    .as("a licence moved to another buyer")
                    .isFalse();
            assertThat(store.stock(product).get("sold").asLong()).isEqualTo(1);
        }
    }

    @Test
    void theSigningKeyIsSealedAtRestAndSurvivesARestart() throws Exception {
        java.nio.file.Path dir = io.kamishop.testing.ScratchDirs.create("feature-notify-licence");
        String licence;
        String publicKey;
        try (TestStore store = TestStore.builder().dataDir(dir).start()) {
            long product = store.createProduct("Pro", 100, "CNY");
            store.http()
                    .adminPostJson(
                            "/api/admin/products/" + product + "/keys/generate", Map.of("count", 1, "licence", true));
            licence = buyOne(store, product, 100);
            publicKey = store.http()
                    .get("/api/licences/public-key")
                    .json()
                    .get("publicKey")
                    .asText();
            String stored = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT value FROM plugin_kv WHERE plugin_id = 'keyformat-license'")
                            .mapTo(String.class)
                            .one());
            assertThat(stored).doesNotContain(publicKey.substring(20, 40)).doesNotContain("MC4CAQAwBQYDK2Vw");
        }
        try (TestStore restarted = TestStore.builder().dataDir(dir).start()) {
            assertThat(restarted
                            .http()
                            .get("/api/licences/public-key")
                            .json()
                            .get("publicKey")
                            .asText())
                    .isEqualTo(publicKey);
            assertThat(restarted
                            .http()
                            .postJson("/api/licences/verify", Map.of("licence", licence))
                            .json()
                            .get("valid")
                            .asBoolean())
                    .isTrue();
        }
    }

    @Test
    void anExpiredLicenceIsNoLongerValid() {
        MutableClock clock = MutableClock.now();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            long product = store.createProduct("Trial", 100, "CNY");
            store.http()
                    .adminPostJson(
                            "/api/admin/products/" + product + "/keys/generate",
                            Map.of("count", 1, "licence", true, "validDays", 1));
            String licence = buyOne(store, product, 100);
            assertThat(store.http()
                            .postJson("/api/licences/verify", Map.of("licence", licence))
                            .json()
                            .get("valid")
                            .asBoolean())
                    .isTrue();

            clock.advance(Duration.ofDays(2));

            JsonNode expired = store.http()
                    .postJson("/api/licences/verify", Map.of("licence", licence))
                    .json();
            assertThat(expired.get("valid").asBoolean()).isFalse();
            assertThat(expired.get("reason").asText()).isEqualTo("expired");
        }
    }

    @Test
    void patternKeysAreGeneratedIntoStockAndBadRequestsChangeNothing() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 100, "CNY");
            String path = "/api/admin/products/" + product + "/keys/generate";
            Http.Answer made = store.http().adminPostJson(path, Map.of("count", 50, "pattern", "XXXXX-XXXXX-XXXXX"));

            assertThat(made.json().get("imported").asInt()).isEqualTo(50);
            assertThat(store.stock(product).get("available").asInt()).isEqualTo(50);
            Http.Answer weak = store.http().adminPostJson(path, Map.of("count", 5, "pattern", "XX-99"));
            assertThat(weak.status()).isEqualTo(422);
            assertThat(weak.errorCode()).isEqualTo("invalid_generation");
            assertThat(store.http()
                            .adminPostJson(path, Map.of("count", 0, "pattern", "XXXXX-XXXXX-XXXXX"))
                            .status())
                    .isEqualTo(422);
            assertThat(store.http().adminPostJson(path, Map.of("count", "many")).status())
                    .isEqualTo(400);
            assertThat(store.http()
                            .adminPostJson(path, Map.of("count", 1, "format", "nonesuch"))
                            .status())
                    .isEqualTo(404);
            assertThat(store.http()
                            .adminPostJson(
                                    "/api/admin/products/" + product + "/keys/license/generate?count=2&pattern=XX",
                                    Map.of())
                            .status())
                    .isEqualTo(422);
            assertThat(store.stock(product).get("available").asInt()).isEqualTo(50);
            assertThat(store.http()
                            .adminPostJson(
                                    "/api/admin/products/" + product + "/keys/license/generate?count=2", Map.of())
                            .json()
                            .get("imported")
                            .asInt())
                    .isEqualTo(2);
            assertThat(store.stock(product).get("available").asInt()).isEqualTo(52);
        }
    }
}
