package io.kamishop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.delivery.fixture.OrderKeys;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.TestStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Keys made by a KeyFormat plugin at delivery: stored sealed, knowing the order, delivered exactly once. */
class GeneratedKeysTest {

    @Test
    void replayedNotificationsDeliverTheSameGeneratedKeysOnce() throws Exception {
        try (TestStore store = TestStore.start()) {
            installOrderKeys(store);
            long product = store.createProduct("Pro licence", "generated", Map.of("keyFormat", "order-keys"));
            Http.Answer placed = store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    2,
                                    "email",
                                    "ada@example.com",
                                    "channel",
                                    "sandbox"));
            String orderNo = placed.json().get("orderNo").asText();
            String token = placed.json().get("lookupToken").asText();

            List<Http.Answer> answers = Concurrently.race(8, () -> store.notifySandbox(orderNo, 2000, "gen-trade-1"));
            JsonNode first = store.http()
                    .get("/api/orders/" + orderNo + "?token=" + token)
                    .json();
            assertThat(store.notifySandbox(orderNo, 2000, "gen-trade-1").status())
                    .isEqualTo(200);
            JsonNode afterReplay = store.http()
                    .get("/api/orders/" + orderNo + "?token=" + token)
                    .json();

            assertThat(answers)
                    .allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(200));
            assertThat(first.get("status").asText()).isEqualTo("delivered");
            assertThat(first.get("keys"))
                    .hasSize(2)
                    .allSatisfy(k ->
                            assertThat(k.asText()).startsWith("LIC-" + orderNo + "-" + product + "-ada@example.com-"));
            assertThat(afterReplay.get("keys")).isEqualTo(first.get("keys"));
            long stored = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery(
                                    "SELECT COUNT(*) FROM card_keys k JOIN orders o ON o.id = k.order_id WHERE o.order_no = :no AND k.status = 'sold'")
                            .bind("no", orderNo)
                            .mapTo(Long.class)
                            .one());
            assertThat(stored).as("keys stored for the order").isEqualTo(2);
            JsonNode admin =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(admin.get("history"))
                    .filteredOn(e -> e.get("kind").asText().equals("delivered"))
                    .hasSize(1);
            Invariants.deliveredOrdersHaveTheirKeys(store.app().database());
            Invariants.unitsAddUp(store.app().database());
            assertThat(store.stock(product).get("sold").asLong()).isEqualTo(2);
        }
    }

    @Test
    void generatedKeysAreSealedAtRest() throws Exception {
        try (TestStore store = TestStore.start()) {
            installOrderKeys(store);
            long product = store.createProduct("Pro licence", "generated", Map.of("keyFormat", "order-keys"));
            Http.Answer placed = store.order(product, 1);
            String orderNo = placed.json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "sealed-1");
            String key = store.http()
                    .get("/api/orders/" + orderNo + "?token="
                            + placed.json().get("lookupToken").asText())
                    .json()
                    .get("keys")
                    .get(0)
                    .asText();

            List<byte[]> sealed = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT sealed FROM card_keys WHERE product_id = :p")
                            .bind("p", product)
                            .mapTo(byte[].class)
                            .list());
            assertThat(sealed).hasSize(1);
            assertThat(new String(sealed.get(0), StandardCharsets.ISO_8859_1)).doesNotContain(orderNo);
            try (var files = Files.walk(store.dataDir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                            .as(file.toString())
                            .doesNotContain(key);
                }
            }
        }
    }

    @Test
    void aFailingGeneratorLeavesThePaidOrderWaitingAndTheMerchantRetriesIt() throws Exception {
        try (TestStore store = TestStore.start()) {
            installOrderKeys(store);
            long product = store.createProduct("FLAKY licence", "generated", Map.of("keyFormat", "order-keys"));
            Http.Answer placed = store.order(product, 1);
            String orderNo = placed.json().get("orderNo").asText();
            String token = placed.json().get("lookupToken").asText();

            assertThat(store.notifySandbox(orderNo, 1000, "flaky-1").status()).isEqualTo(200);
            assertThat(store.http()
                            .get("/api/orders/" + orderNo + "?token=" + token)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("paid");
            JsonNode admin =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(admin.get("history"))
                    .filteredOn(e -> e.get("kind").asText().equals("generation_failed"))
                    .hasSize(1);
            // A replay is a replay: it does not ask the generator again.
            store.notifySandbox(orderNo, 1000, "flaky-1");
            assertThat(store.http()
                            .get("/api/orders/" + orderNo + "?token=" + token)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("paid");

            Http.Answer retried = store.http().adminPost("/api/admin/orders/" + orderNo + "/deliver");
            Http.Answer again = store.http().adminPost("/api/admin/orders/" + orderNo + "/deliver");

            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().get("status").asText()).isEqualTo("delivered");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.errorCode()).isEqualTo("not_awaiting");
            assertThat(store.http()
                            .get("/api/orders/" + orderNo + "?token=" + token)
                            .json()
                            .get("keys"))
                    .hasSize(1);
            Invariants.deliveredOrdersHaveTheirKeys(store.app().database());
        }
    }

    @Test
    void withoutARunningGeneratorThePaymentIsKeptAndTheOrderWaits() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Orphan licence", "generated", Map.of("keyFormat", "order-keys"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();

            assertThat(store.notifySandbox(orderNo, 1000, "orphan-1").status()).isEqualTo(200);

            JsonNode admin =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(admin.get("status").asText()).isEqualTo("paid");
            assertThat(admin.get("history"))
                    .filteredOn(e -> e.get("kind").asText().equals("generation_failed"))
                    .hasSize(1);
            assertThat(store.http()
                            .adminPost("/api/admin/orders/" + orderNo + "/deliver")
                            .errorCode())
                    .isEqualTo("generation_failed");
            Invariants.unitsAddUp(store.app().database());
        }
    }

    /** Installs the OrderKeys fixture as a plugin jar through the admin API, as a merchant would. */
    static void installOrderKeys(TestStore store) throws IOException {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(jar)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(
                    ("Manifest-Version: 1.0\nPlugin-Id: order-keys\nPlugin-Version: 1.0.0\nPlugin-Requires: >=1.0.0 & <2.0.0\n")
                            .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("META-INF/extensions.idx"));
            zip.write((OrderKeys.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            String name = OrderKeys.class.getName().replace('.', '/') + ".class";
            zip.putNextEntry(new ZipEntry(name));
            try (var in = OrderKeys.class.getClassLoader().getResourceAsStream(name)) {
                zip.write(in.readAllBytes());
            }
        }
        Http.Answer installed = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/admin/plugins"))
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(jar.toByteArray())),
                        true);
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
    }
}
