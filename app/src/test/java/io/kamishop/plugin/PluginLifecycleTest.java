package io.kamishop.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PluginLifecycleTest {

    static Http.Answer upload(TestStore store, byte[] file) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/admin/plugins"))
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(file)),
                        true);
    }

    static Http.Answer uninstall(TestStore store, String id, boolean purge) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(
                                        store.http().uri("/api/admin/plugins/" + id + (purge ? "?purge=true" : "")))
                                .DELETE(),
                        true);
    }

    static JsonNode plugin(TestStore store, String id) {
        for (JsonNode p : store.http().adminGet("/api/admin/plugins").json()) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        return null;
    }

    static List<String> channels(TestStore store) {
        List<String> ids = new ArrayList<>();
        store.http()
                .get("/api/channels")
                .json()
                .forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    @Test
    void installDisableEnableUpgradeUninstallWhileBuyersPayFailsNoOrder() throws Exception {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game key", 990, "CNY");
            store.importKeys(
                    product, IntStream.range(0, 3000).mapToObj(i -> "KEY-" + i).toList());
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger delivered = new AtomicInteger();
            ExecutorService buyers = Executors.newFixedThreadPool(3);
            List<Future<?>> work = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                work.add(buyers.submit(() -> {
                    int n = 0;
                    while (running.get() || n < 5) {
                        Http.Answer order = store.order(product, 1);
                        if (order.status() != 201) {
                            failures.add("order " + order.status() + " " + order.body());
                            continue;
                        }
                        String orderNo = order.json().get("orderNo").asText();
                        Http.Answer paid = store.notifySandbox(orderNo, 990, "T-" + orderNo);
                        if (paid.status() != 200 || !paid.body().equals("success")) {
                            failures.add("notify " + paid.status() + " " + paid.body());
                        } else {
                            delivered.incrementAndGet();
                        }
                        n++;
                    }
                }));
            }

            while (delivered.get() < 3 && failures.isEmpty() && work.stream().noneMatch(Future::isDone)) {
                Thread.onSpinWait(); // lifecycle changes begin once buyers are paying
            }
            int before = delivered.get();
            for (int round = 0; round < 3; round++) {
                Http.Answer installed = upload(store, TestPlugins.fixture("1.0.0", Map.of("schema", "v1")));
                assertThat(installed.status()).as(installed.body()).isEqualTo(201);
                assertThat(installed.json().get("state").asText()).isEqualTo("started");
                assertThat(channels(store)).contains("fixture", "sandbox");

                assertThat(store.http()
                                .adminPost("/api/admin/plugins/fixture-plugin/disable")
                                .json()
                                .get("state")
                                .asText())
                        .isEqualTo("disabled");
                assertThat(channels(store)).doesNotContain("fixture");
                Http.Answer refused = store.http()
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
                                        "fixture"));
                assertThat(refused.status()).isEqualTo(422);
                assertThat(refused.errorCode()).isEqualTo("channel_unavailable");

                assertThat(store.http()
                                .adminPost("/api/admin/plugins/fixture-plugin/enable")
                                .json()
                                .get("state")
                                .asText())
                        .isEqualTo("started");
                assertThat(channels(store)).contains("fixture");

                Http.Answer upgraded = upload(store, TestPlugins.fixture("2.0.0", Map.of("schema", "v2")));
                assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(201);
                assertThat(upgraded.json().get("version").asText()).isEqualTo("2.0.0");
                JsonNode schema = store.http()
                        .adminGet("/api/admin/plugins/fixture-plugin/config")
                        .json()
                        .get("schema");
                assertThat(schema.findValuesAsText("key")).containsExactly("apiKey", "region");

                assertThat(uninstall(store, "fixture-plugin", false).status()).isEqualTo(204);
                assertThat(plugin(store, "fixture-plugin")).isNull();
                assertThat(channels(store)).doesNotContain("fixture").contains("sandbox");
            }
            int during = delivered.get() - before;
            running.set(false);
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            buyers.shutdown();
            System.out.println("[lifecycle under load] orders paid and delivered during 3 lifecycle rounds: " + during
                    + ", in all: " + delivered.get());
            // On one line, so CI's failure summary (which keeps a message's first line) says what was refused.
            assertThat(failures)
                    .as(
                            "refused while the plugin changed: %s",
                            String.join(" | ", failures).replace('\n', ' '))
                    .isEmpty();
            assertThat(delivered.get()).isGreaterThanOrEqualTo(15);
            JsonNode stock = store.stock(product);
            assertThat(stock.get("sold").asLong()).isEqualTo(delivered.get());
            assertThat(stock.get("available").asLong()
                            + stock.get("reserved").asLong()
                            + stock.get("sold").asLong())
                    .isEqualTo(3000);
        }
    }

    @Test
    void upgradingAChannelWhileBuyersUseItFailsNoPayment() throws Exception {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Gift card", 500, "CNY");
            store.importKeys(
                    product, IntStream.range(0, 3000).mapToObj(i -> "GIFT-" + i).toList());
            assertThat(upload(store, TestPlugins.fixture("1.0.0", Map.of("schema", "v1")))
                            .status())
                    .isEqualTo(201);
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger ready = new AtomicInteger();
            ExecutorService buyers = Executors.newFixedThreadPool(3);
            List<Future<?>> work = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                work.add(buyers.submit(() -> {
                    while (running.get()) {
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
                                                "fixture"));
                        JsonNode payment = order.status() == 201 ? order.json().get("payment") : null;
                        if (payment == null
                                || !payment.path("status").asText().equals("ready")
                                || !payment.path("redirectUrl").asText().startsWith("https://fixture.example/pay")) {
                            failures.add(order.status() + " " + order.body());
                        } else {
                            ready.incrementAndGet();
                        }
                    }
                }));
            }
            for (int i = 0; i < 6; i++) {
                String schema = i % 2 == 0 ? "v2" : "v1";
                Http.Answer upgraded = upload(store, TestPlugins.fixture((i + 2) + ".0.0", Map.of("schema", schema)));
                assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(201);
                assertThat(upgraded.json().get("state").asText()).isEqualTo("started");
            }
            running.set(false);
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            buyers.shutdown();
            System.out.println("[upgrade under load] fixture-channel orders during 6 upgrades: " + ready.get());
            assertThat(failures).isEmpty();
            assertThat(ready.get()).isPositive();
            assertThat(plugin(store, "fixture-plugin").get("version").asText()).isEqualTo("7.0.0");
            assertThat(store.http()
                            .adminGet("/api/admin/plugins/fixture-plugin/metrics")
                            .json()
                            .path("counters")
                            .path("payments")
                            .asLong())
                    .isEqualTo(ready.get());
        }
    }

    @Test
    void disablingWaitsForTheCallInFlightToFinish() throws Exception {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Slow", 100, "CNY");
            store.importKeys(product, List.of("S-1"));
            assertThat(upload(store, TestPlugins.fixture("1.0.0", Map.of("slowPayMillis", "1500")))
                            .status())
                    .isEqualTo(201);
            ExecutorService buyer = Executors.newSingleThreadExecutor();
            Future<Http.Answer> order = buyer.submit(() -> store.http()
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
                                    "fixture")));
            while (store.http()
                            .adminGet("/api/admin/plugins/fixture-plugin/metrics")
                            .json()
                            .at("/counters/payments.entered")
                            .asLong()
                    == 0) {
                assertThat(order.isDone())
                        .as("the order finished before its payment call was seen")
                        .isFalse();
                Thread.sleep(20);
            }
            assertThat(store.http()
                            .adminPost("/api/admin/plugins/fixture-plugin/disable")
                            .status())
                    .isEqualTo(200);
            Http.Answer answer = order.get(60, TimeUnit.SECONDS);
            buyer.shutdown();
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.json().at("/payment/status").asText()).isEqualTo("ready");
            JsonNode counters = store.http()
                    .adminGet("/api/admin/plugins/fixture-plugin/metrics")
                    .json()
                    .get("counters");
            assertThat(counters.path("stop.idle").asLong()).isEqualTo(1);
            assertThat(counters.path("stop.busy").asLong()).isZero();
        }
    }

    @Test
    void settingsSurviveAnUpgradeAndRemovedKeysAreKeptAside() {
        try (TestStore store = TestStore.start()) {
            assertThat(upload(store, TestPlugins.fixture("1.0.0", Map.of("schema", "v1")))
                            .status())
                    .isEqualTo(201);
            Http.Answer saved = store.http()
                    .adminPutJson(
                            "/api/admin/plugins/fixture-plugin/config",
                            Map.of("apiKey", "sk-one", "greeting", "hello", "legacyToken", "tok-old"));
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);

            assertThat(upload(store, TestPlugins.fixture("2.0.0", Map.of("schema", "v2")))
                            .status())
                    .isEqualTo(201);
            JsonNode v2 = store.http()
                    .adminGet("/api/admin/plugins/fixture-plugin/config")
                    .json()
                    .get("values");
            assertThat(v2.get("apiKey").asText()).isEqualTo("********");
            assertThat(v2.get("region").asText()).isEqualTo("eu");
            assertThat(v2.has("greeting")).isFalse();
            assertThat(store.app().plugins().settingsStore().stored("fixture-plugin"))
                    .containsEntry("apiKey", "sk-one")
                    .doesNotContainKeys("greeting", "legacyToken");

            assertThat(upload(store, TestPlugins.fixture("3.0.0", Map.of("schema", "v1")))
                            .status())
                    .isEqualTo(201);
            JsonNode back = store.http()
                    .adminGet("/api/admin/plugins/fixture-plugin/config")
                    .json()
                    .get("values");
            assertThat(back.get("greeting").asText()).isEqualTo("hello");
            assertThat(store.app().plugins().settingsStore().stored("fixture-plugin"))
                    .containsEntry("legacyToken", "tok-old")
                    .containsEntry("apiKey", "sk-one");
        }
    }

    @Test
    void uninstallKeepsSettingsUnlessPurged() {
        try (TestStore store = TestStore.start()) {
            byte[] jar = TestPlugins.fixture("1.0.0", Map.of("schema", "v1"));
            assertThat(upload(store, jar).status()).isEqualTo(201);
            store.http().adminPutJson("/api/admin/plugins/fixture-plugin/config", Map.of("greeting", "kept"));
            assertThat(uninstall(store, "fixture-plugin", false).status()).isEqualTo(204);
            assertThat(upload(store, jar).status()).isEqualTo(201);
            assertThat(store.http()
                            .adminGet("/api/admin/plugins/fixture-plugin/config")
                            .json()
                            .get("values")
                            .get("greeting")
                            .asText())
                    .isEqualTo("kept");
            assertThat(uninstall(store, "fixture-plugin", true).status()).isEqualTo(204);
            assertThat(upload(store, jar).status()).isEqualTo(201);
            assertThat(store.http()
                            .adminGet("/api/admin/plugins/fixture-plugin/config")
                            .json()
                            .get("values")
                            .get("greeting")
                            .isNull())
                    .isTrue();
            assertThat(uninstall(store, "nope", false).status()).isEqualTo(404);
        }
    }

    @Test
    void installedPluginsSurviveARestartFromTheDatabase() {
        java.nio.file.Path dir;
        try (TestStore store = TestStore.start()) {
            dir = store.dataDir();
            assertThat(upload(store, TestPlugins.fixture("1.4.0", Map.of("schema", "v1")))
                            .status())
                    .isEqualTo(201);
            assertThat(store.http()
                            .adminPost("/api/admin/plugins/payment-sandbox/disable")
                            .status())
                    .isEqualTo(200);
        }
        try (TestStore again = TestStore.builder().dataDir(dir).start()) {
            JsonNode fixture = plugin(again, "fixture-plugin");
            assertThat(fixture.get("version").asText()).isEqualTo("1.4.0");
            assertThat(fixture.get("state").asText()).isEqualTo("started");
            assertThat(again.app().plugins().extensions(io.kamishop.api.PaymentChannel.class))
                    .extracting(io.kamishop.api.PaymentChannel::id)
                    .contains("fixture");
        }
    }

    @Test
    void aBundledPluginChangedInTheDatabaseStartsAsTheBuildShippedIt() {
        java.nio.file.Path dir;
        try (TestStore store = TestStore.start()) {
            dir = store.dataDir();
            assertThat(plugin(store, "risk-basic").get("state").asText()).isEqualTo("started");
        }
        // The row still names this build's risk-basic jar by its digest, but its bytes are someone else's.
        try (io.kamishop.db.Database db = io.kamishop.db.Database.open("jdbc:sqlite:" + dir.resolve("kamishop.db"))) {
            db.write(tx -> Handles.of(tx)
                    .execute(
                            "UPDATE plugin_files SET content = ? WHERE plugin_id = 'risk-basic'",
                            TestPlugins.fixture("1.0.0", Map.of())));
        }
        try (TestStore again = TestStore.builder().dataDir(dir).start()) {
            JsonNode risk = plugin(again, "risk-basic");
            assertThat(risk.get("state").asText()).isEqualTo("started");
            assertThat(risk.get("signed").asBoolean()).isTrue();
            assertThat(again.app().plugins().find("fixture-plugin")).isEmpty();
        }
    }

    @Test
    void aPluginThatThrowsAtStartIsFailedAndTheStoreKeepsSelling() {
        try (TestStore store = TestStore.start()) {
            Http.Answer installed = upload(store, TestPlugins.fixture("1.0.0", Map.of("failOnStart", "true")));
            assertThat(installed.status()).isEqualTo(201);
            assertThat(installed.json().get("state").asText()).isEqualTo("failed");
            JsonNode listed = plugin(store, "fixture-plugin");
            assertThat(listed.get("state").asText()).isEqualTo("failed");
            assertThat(listed.get("error").asText()).contains("fixture refuses to start");
            assertThat(channels(store)).doesNotContain("fixture");
            assertThat(store.http().get("/healthz").status()).isEqualTo(200);
            long product = store.createProduct("Key", 100, "CNY");
            store.importKeys(product, List.of("A-1"));
            assertThat(store.order(product, 1).status()).isEqualTo(201);
        }
    }
}
