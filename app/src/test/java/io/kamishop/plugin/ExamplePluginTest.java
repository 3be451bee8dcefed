package io.kamishop.plugin;

import static io.kamishop.plugin.PluginLifecycleTest.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The example plugin, as its author would build it, installed at run time and paid end to end. */
class ExamplePluginTest {

    /** The jar the reactor built from plugins/example-payment before this module's tests ran. */
    static byte[] exampleJar() throws Exception {
        Path target = Path.of("")
                .toAbsolutePath()
                .resolveSibling("plugins")
                .resolve("example-payment")
                .resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("example-payment-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "build plugins/example-payment first (./mvnw verify from the root does)"));
            return Files.readAllBytes(jar);
        }
    }

    @Test
    void theExamplePluginInstallsAtRunTimeAndTakesAPayment() throws Exception {
        try (TestStore store = TestStore.start()) {
            Http.Answer installed = upload(store, exampleJar());
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            assertThat(installed.json().get("state").asText()).isEqualTo("started");
            assertThat(installed.json().get("extensions").toString()).isEqualTo("[\"PaymentChannel\"]");
            // Not offered until configured (isReady).
            assertThat(PluginLifecycleTest.channels(store)).doesNotContain("examplepay");
            Http.Answer invalid = store.http()
                    .adminPutJson("/api/admin/plugins/example-payment/config", Map.of("gatewayUrl", "not a url"));
            assertThat(invalid.status()).isEqualTo(422);
            assertThat(invalid.errorCode()).isEqualTo("invalid_config");
            Http.Answer configured = store.http()
                    .adminPutJson(
                            "/api/admin/plugins/example-payment/config",
                            Map.of("merchantId", "M-42", "apiSecret", "example-secret"));
            assertThat(configured.status()).as(configured.body()).isEqualTo(200);
            assertThat(PluginLifecycleTest.channels(store)).contains("examplepay");

            long product = store.createProduct("Licence", 1500, "CNY");
            store.importKeys(product, List.of("LIC-AAA"));
            Http.Answer order = store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    1,
                                    "email",
                                    "b@example.com",
                                    "channel",
                                    "examplepay"));
            assertThat(order.status()).isEqualTo(201);
            String orderNo = order.json().get("orderNo").asText();
            assertThat(order.json().at("/payment/redirectUrl").asText())
                    .startsWith("https://pay.example.com/checkout?merchant=M-42&orderNo=" + orderNo + "&amount=1500");

            byte[] body = ("orderNo=" + orderNo + "&tradeNo=EX-1&amount=1500").getBytes(StandardCharsets.UTF_8);
            Http.Answer forged = store.http()
                    .postRaw(
                            "/api/payments/examplepay/notify",
                            body,
                            "Content-Type",
                            "application/x-www-form-urlencoded",
                            "X-Example-Signature",
                            "00");
            assertThat(forged.status()).isEqualTo(400);
            Http.Answer notified = store.http()
                    .postRaw(
                            "/api/payments/examplepay/notify",
                            body,
                            "Content-Type",
                            "application/x-www-form-urlencoded",
                            "X-Example-Signature",
                            hmac("example-secret", body));
            assertThat(notified.status()).isEqualTo(200);
            assertThat(notified.body()).isEqualTo("OK");
            JsonNode seen = store.http()
                    .get("/api/orders/" + orderNo + "?token="
                            + order.json().get("lookupToken").asText())
                    .json();
            assertThat(seen.get("status").asText()).isEqualTo("delivered");
            assertThat(seen.get("keys").get(0).asText()).isEqualTo("LIC-AAA");
        }
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
