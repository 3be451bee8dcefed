package io.kamishop.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The six bundled messenger plugins inside a real store: installed from the build, enabled and
 * configured over the admin API (secrets sealed), fed by the notice outbox, through an outage and a
 * restart of the store.
 */
class MessengerAlertsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BOT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    static final String DINGTALK_SECRET = "SEC19dd84be8c7f3cf71761974f1ed3ef77c1451906ae8ba18acf56103ee";
    static final List<String> PLUGINS = List.of(
            "notify-telegram", "notify-bark", "notify-serverchan", "notify-wecom", "notify-dingtalk", "notify-feishu");

    /**
     * The six services' APIs on one local port, each under a prefix of its own, each answering success
     * in its own shape; or all of them down (a proxy's 502 page); or Telegram with one of its errors.
     */
    static final class Messengers implements AutoCloseable {
        record Message(String service, String path, String body) {
            JsonNode json() throws IOException {
                return JSON.readTree(body);
            }
        }

        static final Map<String, String> SUCCESS = Map.of(
                "tg",
                        "{\"ok\":true,\"result\":{\"message_id\":1,\"chat\":{\"id\":-1001234567890},\"date\":1767225600}}",
                "bark", "{\"code\":200,\"message\":\"success\",\"timestamp\":1767225600}",
                "sc", "{\"code\":0,\"message\":\"\",\"data\":{\"pushid\":\"1\",\"errno\":0}}",
                "wecom", "{\"errcode\":0,\"errmsg\":\"ok\"}",
                "ding", "{\"errcode\":0,\"errmsg\":\"ok\"}",
                "feishu",
                        "{\"StatusCode\":0,\"StatusMessage\":\"success\",\"code\":0,\"data\":{},\"msg\":\"success\"}");

        final List<Message> taken = new CopyOnWriteArrayList<>();
        final List<String> refusedPaths = new CopyOnWriteArrayList<>();
        volatile boolean down;
        volatile String telegramError;
        private final HttpServer server;

        Messengers() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                String service = path.split("/")[1];
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int status = 200;
                String answer = SUCCESS.get(service);
                if (down) {
                    status = 502;
                    answer = "<html><body><h1>502 Bad Gateway</h1></body></html>";
                } else if (service.equals("tg") && telegramError != null) {
                    status = 400;
                    answer = telegramError;
                }
                if (status == 200) {
                    taken.add(new Message(service, path, body));
                } else {
                    refusedPaths.add(path);
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
        }

        String url(String service) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + service;
        }

        List<Message> taken(String service) {
            return taken.stream().filter(m -> m.service().equals(service)).toList();
        }

        /** The texts of the messages Telegram took, in order. */
        List<String> telegramTexts() throws IOException {
            List<String> texts = new java.util.ArrayList<>();
            for (Message m : taken("tg")) {
                texts.add(m.json().get("text").asText());
            }
            return texts;
        }

        /** Each plugin's settings as a merchant would fill them in, pointed at this fake. */
        Map<String, Map<String, Object>> settings(String events) {
            Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
            settings.put(
                    "notify-telegram",
                    Map.of("botToken", BOT_TOKEN, "chatId", "-1001234567890", "apiBase", url("tg"), "events", events));
            settings.put(
                    "notify-bark",
                    Map.of("deviceKey", "ynJ5Ft4atkMkWeo2PAvFhF", "apiBase", url("bark"), "events", events));
            settings.put(
                    "notify-serverchan",
                    Map.of("sendKey", "SCT123456TAbCdEfGhIjKlMnOpQrStUv", "apiBase", url("sc"), "events", events));
            settings.put(
                    "notify-wecom",
                    Map.of(
                            "webhookUrl",
                            url("wecom") + "/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4",
                            "events",
                            events));
            settings.put(
                    "notify-dingtalk",
                    Map.of(
                            "webhookUrl",
                            url("ding") + "/robot/send?access_token=98975521a1b2",
                            "secret",
                            DINGTALK_SECRET,
                            "events",
                            events));
            settings.put(
                    "notify-feishu",
                    Map.of(
                            "webhookUrl",
                            url("feishu") + "/open-apis/bot/v2/hook/6d8f2f4b",
                            "secret",
                            "qNnQfNYQcXSjKNgn7kqDxb",
                            "events",
                            events));
            return settings;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static TestStore.Builder storeAt(Path dir, MutableClock clock) {
        return TestStore.builder()
                .dataDir(dir)
                .clock(clock)
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .env("KAMISHOP_PUBLIC_URL", "https://shop.example.com");
    }

    static void enable(TestStore store, String plugin, Map<String, Object> settings) {
        assertThat(store.http()
                        .adminPost("/api/admin/plugins/" + plugin + "/enable")
                        .status())
                .isEqualTo(200);
        Http.Answer configured = store.http().adminPutJson("/api/admin/plugins/" + plugin + "/config", settings);
        assertThat(configured.status()).as(plugin + ": " + configured.body()).isEqualTo(200);
    }

    static String payOneOrder(TestStore store, long product, String email) {
        Http.Answer placed = store.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderNo = placed.json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, 700, "t-" + orderNo).status()).isEqualTo(200);
        return orderNo;
    }

    static JsonNode notices(TestStore store, String query) {
        return store.http().adminGet("/api/admin/notices" + query).json();
    }

    @Test
    void eachAlertReachesEveryMessengerOnceThroughAnOutageAndARestartOfTheStore() throws Exception {
        MutableClock clock = MutableClock.now();
        Path dir = io.kamishop.testing.ScratchDirs.create("messenger-alerts-restart");
        try (Messengers messengers = new Messengers()) {
            List<String> orders;
            try (TestStore store = storeAt(dir, clock).start()) {
                messengers
                        .settings("order.paid,order.delivered")
                        .forEach((plugin, settings) -> enable(store, plugin, settings));
                String sealed = store.http()
                        .adminGet("/api/admin/plugins/notify-telegram/config")
                        .body();
                assertThat(sealed).doesNotContain(BOT_TOKEN).contains("********");
                messengers.down = true;
                long product = store.createProduct("Game Key", 700, "CNY");
                store.importKeys(product, List.of("SECRET-KEY-1", "SECRET-KEY-2", "SECRET-KEY-3"));
                orders = List.of(
                        payOneOrder(store, product, "alice@example.com"),
                        payOneOrder(store, product, "bob@example.com"));

                store.app().notices().sendDue();

                assertThat(messengers.taken).isEmpty();
                assertThat(messengers.refusedPaths).isNotEmpty();
                JsonNode owed = notices(store, "");
                assertThat(owed).hasSize(2 * 2 * PLUGINS.size()).allSatisfy(n -> {
                    assertThat(n.get("status").asText()).isEqualTo("pending");
                    assertThat(n.get("lastError").asText()).contains("HTTP 502").doesNotContain(BOT_TOKEN);
                });
            }

            messengers.down = false;
            clock.advance(Duration.ofMinutes(2));
            try (TestStore restarted = storeAt(dir, clock).start()) {
                restarted.app().notices().sendDue();

                assertThat(notices(restarted, "?status=pending")).isEmpty();
                assertThat(notices(restarted, "?status=delivered")).hasSize(2 * 2 * PLUGINS.size());
                for (String service : Messengers.SUCCESS.keySet()) {
                    assertThat(messengers.taken(service)).as(service).hasSize(4);
                }
                List<String> telegram = messengers.telegramTexts();
                for (String orderNo : orders) {
                    assertThat(telegram)
                            .filteredOn(t -> t.contains("Order " + orderNo + " paid"))
                            .hasSize(1);
                    assertThat(telegram)
                            .filteredOn(t -> t.contains("Order " + orderNo + " delivered"))
                            .singleElement()
                            .satisfies(t -> assertThat(t)
                                    .contains("<a href=\"https://shop.example.com/admin/orders/" + orderNo + "\">"));
                }
                assertThat(String.join("\n", telegram))
                        .contains("Buyer: a***@example.com", "Buyer: b***@example.com")
                        .doesNotContain("alice@")
                        .doesNotContain("SECRET-KEY")
                        .doesNotContain("token=");
                assertThat(messengers.taken("ding"))
                        .allSatisfy(m -> assertThat(m.path()).isEqualTo("/ding/robot/send"));

                // The host crashed after each messenger took its alerts but before it wrote that down: it hands them
                // over again, and the plugins, which remember what their service took, send nothing twice.
                restarted
                        .app()
                        .database()
                        .write(
                                tx -> Handles.of(tx)
                                        .execute(
                                                "UPDATE outbox SET status = 'pending', sent_at = NULL, next_attempt_at = 0 WHERE topic = 'notices'"));
                restarted.app().notices().sendDue();

                assertThat(notices(restarted, "?status=delivered")).hasSize(2 * 2 * PLUGINS.size());
                assertThat(messengers.taken).hasSize(2 * 2 * PLUGINS.size());
            }
        }
    }

    @Test
    void aPaidOrderHeldForReviewAndRefusedGatewayNotificationsReachTheMerchant() throws Exception {
        MutableClock clock = MutableClock.now();
        try (Messengers messengers = new Messengers();
                TestStore store = storeAt(io.kamishop.testing.ScratchDirs.create("messenger-alerts-held"), clock)
                        .start()) {
            enable(
                    store,
                    "notify-telegram",
                    messengers
                            .settings("order.held_for_review,payment.notification_refused")
                            .get("notify-telegram"));
            assertThat(store.http()
                            .adminPutJson(
                                    "/api/admin/plugins/risk-basic/config",
                                    Map.of(
                                            "mode",
                                            "enforce",
                                            "disposableEmails",
                                            "review",
                                            "disposableEmailDomains",
                                            "throwaway.example"))
                            .status())
                    .isEqualTo(200);
            long product = store.createProduct("Game Key", 700, "CNY");
            store.importKeys(product, List.of("HELD-KEY-1"));

            String held = payOneOrder(store, product, "who@throwaway.example");
            byte[] forged = ("{\"orderNo\":\"" + held + "\",\"amount\":700,\"tradeNo\":\"forged\"}")
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3; i++) {
                assertThat(store.http()
                                .postRaw(
                                        "/api/payments/sandbox/notify",
                                        forged,
                                        "X-Sandbox-Signature",
                                        "00",
                                        "Content-Type",
                                        "application/json")
                                .status())
                        .isEqualTo(400);
            }
            clock.advance(Duration.ofMinutes(61));
            store.http()
                    .postRaw(
                            "/api/payments/sandbox/notify",
                            forged,
                            "X-Sandbox-Signature",
                            "00",
                            "Content-Type",
                            "application/json");
            store.app().notices().sendDue();

            assertThat(notices(store, ""))
                    .extracting(n -> n.get("kind").asText())
                    .containsExactlyInAnyOrder(
                            "ORDER_HELD_FOR_REVIEW", "NOTIFICATIONS_REFUSED", "NOTIFICATIONS_REFUSED");
            List<String> texts = messengers.telegramTexts();
            assertThat(texts).hasSize(3);
            assertThat(texts)
                    .filteredOn(t -> t.contains("held for review"))
                    .singleElement()
                    .satisfies(t -> assertThat(t)
                            .contains(
                                    "Order " + held,
                                    "Buyer: w***@throwaway.example",
                                    "approve or reject",
                                    "/admin/orders/" + held)
                            .doesNotContain("HELD-KEY-1"));
            assertThat(texts)
                    .filteredOn(t -> t.contains("Payment notifications refused"))
                    .anySatisfy(t -> assertThat(t)
                            .contains("1 notification(s) to channel sandbox refused: bad signature or unreadable"))
                    .anySatisfy(t -> assertThat(t)
                            .contains(
                                    "3 notification(s) to channel sandbox refused",
                                    "https://shop.example.com/admin/notifications"));
        }
    }

    static String place(TestStore store, long product, String email) {
        Http.Answer placed = store.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().get("orderNo").asText();
    }

    @Test
    void moneyToGiveBackIsToldOnceForEachPaymentAndOnceWhenItWentBackInTheStoresLanguage() throws Exception {
        MutableClock clock = MutableClock.now();
        try (Messengers messengers = new Messengers();
                TestStore store = storeAt(io.kamishop.testing.ScratchDirs.create("messenger-alerts-refunds"), clock)
                        .start()) {
            enable(
                    store,
                    "notify-telegram",
                    messengers.settings("order.refund_due,order.refunded").get("notify-telegram"));
            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("defaultLanguage", "zh-CN"))
                            .status())
                    .isEqualTo(200);
            long product = store.createProduct("Game Key", 700, "CNY");
            store.importKeys(product, List.of("PAID-KEY-1", "PAID-KEY-2", "PAID-KEY-3"));

            // A second payment of an order already delivered, and the gateway repeating it.
            String twice = payOneOrder(store, product, "alice@example.com");
            assertThat(store.notifySandbox(twice, 700, "second-" + twice).status())
                    .isEqualTo(200);
            assertThat(store.notifySandbox(twice, 700, "second-" + twice).status())
                    .isEqualTo(200);
            // A payment after the order expired (its keys went back to the shelf).
            String late = place(store, product, "bob@example.com");
            clock.advance(Duration.ofMinutes(16));
            store.app().orders().expireDue();
            assertThat(store.notifySandbox(late, 700, "late-" + late).status()).isEqualTo(200);
            // A paid order whose keys no running plugin can generate.
            long generated = store.createProduct("Licence", "generated", Map.of("keyFormat", "no-such-format"));
            String undeliverable = place(store, generated, "carol@example.com");
            assertThat(store.notifySandbox(undeliverable, 1000, "gen-" + undeliverable)
                            .status())
                    .isEqualTo(200);
            assertThat(store.notifySandbox(undeliverable, 1000, "gen-" + undeliverable)
                            .status())
                    .isEqualTo(200);
            // The second payment given back: the order stays delivered, so only this alert says so.
            Http.Answer refunded = store.http()
                    .adminPostJson(
                            "/api/admin/orders/" + twice + "/refund",
                            Map.of("tradeNo", "second-" + twice, "reason", "paid twice"));
            assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
            assertThat(store.http()
                            .adminPostJson(
                                    "/api/admin/orders/" + twice + "/refund",
                                    Map.of("tradeNo", "second-" + twice, "reason", "paid twice"))
                            .status())
                    .isEqualTo(200);

            store.app().notices().sendDue();
            store.app().notices().sendDue();

            assertThat(notices(store, ""))
                    .extracting(n -> n.get("kind").asText())
                    .containsExactlyInAnyOrder("REFUND_DUE", "REFUND_DUE", "REFUND_DUE", "ORDER_REFUNDED");
            List<String> texts = messengers.telegramTexts();
            assertThat(texts).hasSize(4);
            assertThat(texts)
                    .filteredOn(t -> t.contains("待退款：订单 " + twice))
                    .singleElement()
                    .satisfies(t -> assertThat(t)
                            .contains(
                                    "原因：重复付款",
                                    "买家：a***@example.com",
                                    "金额：7.00 CNY",
                                    "<a href=\"https://shop.example.com/admin/orders/" + twice + "\">"));
            assertThat(texts)
                    .filteredOn(t -> t.contains("待退款：订单 " + late))
                    .singleElement()
                    .satisfies(t ->
                            assertThat(t).contains("原因：订单过期或取消后才付款", "https://shop.example.com/admin/orders/" + late));
            assertThat(texts)
                    .filteredOn(t -> t.contains("待退款：订单 " + undeliverable))
                    .singleElement()
                    .satisfies(t -> assertThat(t).contains("原因：已付款，但卡密无法发放"));
            assertThat(texts)
                    .filteredOn(t -> t.contains("订单 " + twice + " 已退款"))
                    .singleElement()
                    .satisfies(t -> assertThat(t).contains("本订单的重复付款已退还给买家。", "金额：7.00 CNY"));
            assertThat(String.join("\n", texts))
                    .doesNotContain("PAID-KEY")
                    .doesNotContain("alice@")
                    .doesNotContain("bob@")
                    .doesNotContain(BOT_TOKEN);
        }
    }

    @Test
    void lowStockAndAPluginThatFailsToStartReachTheMerchant() throws Exception {
        try (Messengers messengers = new Messengers();
                TestStore store = storeAt(
                                io.kamishop.testing.ScratchDirs.create("messenger-alerts-stock"), MutableClock.now())
                        .start()) {
            enable(
                    store,
                    "notify-telegram",
                    messengers.settings("stock.low,plugin.failed").get("notify-telegram"));
            long product = store.createProduct("Game Key", 700, "CNY");
            store.importKeys(product, List.of("LAST-KEY-1", "LAST-KEY-2"));
            payOneOrder(store, product, "alice@example.com");
            Http.Answer uploaded = store.http()
                    .send(
                            java.net.http.HttpRequest.newBuilder(store.http().uri("/api/admin/plugins"))
                                    .header("Content-Type", "application/octet-stream")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                                            io.kamishop.plugin.TestPlugins.fixture(
                                                    "1.0.0", Map.of("failOnStart", "true")))),
                            true);
            assertThat(uploaded.json().get("state").asText())
                    .as(uploaded.body())
                    .isEqualTo("failed");
            // The low-stock notice follows the delivery on the plugin-events thread: send once both are owed.
            for (int i = 0; i < 200 && notices(store, "").size() < 2; i++) {
                Thread.sleep(25);
            }

            store.app().notices().sendDue();

            assertThat(notices(store, ""))
                    .extracting(n -> n.get("kind").asText())
                    .containsExactlyInAnyOrder("LOW_STOCK", "PLUGIN_FAILED");
            List<String> texts = messengers.telegramTexts();
            assertThat(texts)
                    .anySatisfy(t -> assertThat(t)
                            .contains("Game Key", "1", "https://shop.example.com/admin/products/" + product))
                    .anySatisfy(t -> assertThat(t)
                            .contains("fixture-plugin", "https://shop.example.com/admin/plugins/fixture-plugin"))
                    .hasSize(2);
            assertThat(String.join("\n", texts)).doesNotContain("LAST-KEY");
        }
    }

    @Test
    void theTestButtonSendsInTheStoresLanguageAndSaysWhatTheMessengerAnswered() throws Exception {
        try (Messengers messengers = new Messengers();
                TestStore store = TestStore.builder()
                        .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                        .start()) {
            Http http = store.http();
            Http.Answer disabled = http.adminPost("/api/admin/plugins/notify-telegram/test");
            assertThat(disabled.status()).isEqualTo(409);
            assertThat(disabled.json().at("/error/code").asText()).isEqualTo("no_running_notifier");
            assertThat(http.adminPost("/api/admin/plugins/notify-nothing/test").status())
                    .isEqualTo(404);

            assertThat(http.adminPost("/api/admin/plugins/notify-telegram/enable")
                            .status())
                    .isEqualTo(200);
            Http.Answer unconfigured = http.adminPost("/api/admin/plugins/notify-telegram/test");
            assertThat(unconfigured.status()).isEqualTo(422);
            assertThat(unconfigured.json().at("/error/message").asText()).contains("fill in botToken, chatId");

            enable(
                    store,
                    "notify-telegram",
                    messengers.settings("order.paid,stock.low").get("notify-telegram"));
            Http.Answer sent = http.adminPost("/api/admin/plugins/notify-telegram/test");
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertThat(sent.json().get("sent").get(0).asText()).isEqualTo("telegram");
            assertThat(messengers.telegramTexts().get(0))
                    .startsWith("<b>[Kamishop] Test message</b>")
                    .endsWith("Open in the admin: /admin");

            assertThat(http.adminPutJson("/api/admin/settings", Map.of("defaultLanguage", "zh-CN", "storeName", "卡密小铺"))
                            .status())
                    .isEqualTo(200);
            assertThat(http.adminPost("/api/admin/plugins/notify-telegram/test").status())
                    .isEqualTo(200);
            assertThat(messengers.telegramTexts().get(1)).startsWith("<b>[卡密小铺] 测试消息</b>");

            messengers.telegramError =
                    "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}";
            Http.Answer refused = http.adminPost("/api/admin/plugins/notify-telegram/test");
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("test_failed");
            assertThat(refused.json().at("/error/message").asText())
                    .isEqualTo("telegram: Telegram refused the message (400): Bad Request: chat not found");
            assertThat(refused.body()).doesNotContain(BOT_TOKEN);
            assertThat(notices(store, "")).as("a test is never queued").isEmpty();
        }
    }
}
