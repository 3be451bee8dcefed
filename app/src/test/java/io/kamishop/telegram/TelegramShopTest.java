package io.kamishop.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.ScratchDirs;
import io.kamishop.testing.TestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Telegram storefront against a local fake of the Bot API, through the sandbox channel. */
class TelegramShopTest {

    static final long BUYER = 4242;
    private static final long MERCHANT = 999;
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern ORDER_NO = Pattern.compile("Order (\\S+):");

    @Test
    void purchaseInTheChatDeliversTheKeysOnceAcrossAnOutageAndARestart() throws Exception {
        Path dir = ScratchDirs.create("telegram-shop");
        try (FakeTelegram telegram = new FakeTelegram()) {
            String orderNo;
            long productId;
            try (TestStore store = start(dir)) {
                productId = store.createProduct("Game Key", 700, "CNY");
                store.importKeys(productId, List.of("KEY-AAA-1", "KEY-BBB-2", "KEY-CCC-3"));
                configure(store, telegram);

                telegram.userSends(BUYER, "/start");
                FakeTelegram.Message catalogue =
                        telegram.awaitMessage(BUYER, t -> t.contains("Choose a product"), WAIT);
                telegram.userPresses(BUYER, catalogue, b -> b.startsWith("Game Key"));
                FakeTelegram.Message product = telegram.awaitMessage(BUYER, t -> t.contains("How many?"), WAIT);
                assertThat(product.text()).contains("7.00 CNY").contains("In stock: 3");
                telegram.userPresses(BUYER, product, "2"::equals);
                FakeTelegram.Message channel = telegram.awaitMessage(BUYER, t -> t.contains("Pay with:"), WAIT);
                telegram.userPresses(BUYER, channel, b -> b.toLowerCase().contains("sandbox"));
                FakeTelegram.Message placed = telegram.awaitMessage(BUYER, t -> t.startsWith("Order "), WAIT);
                assertThat(placed.text())
                        .contains("2 x Game Key")
                        .contains("14.00 CNY")
                        .contains("Pay here: http");
                Matcher m = ORDER_NO.matcher(placed.text());
                assertThat(m.find()).isTrue();
                orderNo = m.group(1);
                awaitAllTaken(telegram);
            }

            // Telegram goes down, the store restarts, and the buyer pays meanwhile.
            telegram.goDown();
            try (TestStore store = start(dir)) {
                assertThat(store.notifySandbox(orderNo, 1400, "T-" + orderNo).status())
                        .isEqualTo(200);
                assertThat(store.http()
                                .adminGet("/api/admin/orders/" + orderNo)
                                .json()
                                .path("status")
                                .asText())
                        .isEqualTo("delivered");
                Thread.sleep(3000); // the keys message is owed but cannot go out yet
                assertThat(telegram.sentTo(BUYER).stream().filter(x -> x.text().contains("Your keys")))
                        .isEmpty();
                telegram.comeBack();

                FakeTelegram.Message keys =
                        telegram.awaitMessage(BUYER, t -> t.contains("Your keys"), Duration.ofSeconds(60));
                assertThat(keys.text()).contains(orderNo);
                long keysShown = List.of("KEY-AAA-1", "KEY-BBB-2", "KEY-CCC-3").stream()
                        .filter(keys.text()::contains)
                        .count();
                assertThat(keysShown).isEqualTo(2);

                // The buyer's lookup and the admin see the same order; admin commands answer only in the merchant chat.
                telegram.userSends(BUYER, "/orders");
                FakeTelegram.Message mine = telegram.awaitMessage(BUYER, t -> t.startsWith("Your latest orders"), WAIT);
                assertThat(mine.text()).contains(orderNo).contains("delivered").contains("2 x Game Key");
                telegram.userSends(MERCHANT, "/order " + orderNo);
                FakeTelegram.Message looked =
                        telegram.awaitMessage(MERCHANT, t -> t.startsWith("Order " + orderNo), WAIT);
                assertThat(looked.text()).contains("Status: delivered").contains("Telegram " + BUYER);
                telegram.userSends(MERCHANT, "/stock " + productId);
                assertThat(telegram.awaitMessage(MERCHANT, t -> t.startsWith("Game Key"), WAIT)
                                .text())
                        .contains("1 available")
                        .contains("2 sold");
                telegram.userSends(BUYER, "/order " + orderNo);
                telegram.userSends(BUYER, "/sales");
                awaitAllTaken(telegram);
                Thread.sleep(1000);
                assertThat(telegram.sentTo(BUYER))
                        .noneMatch(x -> x.text().startsWith("Order " + orderNo + "\n")
                                || x.text().startsWith("Today's sales"));

                JsonNode admin =
                        store.http().adminGet("/api/admin/orders?limit=50").json();
                assertThat(admin.toString()).contains(orderNo);
            }

            // Another restart: nothing handled is handled again, the keys go once.
            try (TestStore store = start(dir)) {
                Thread.sleep(3000);
                assertThat(telegram.sentTo(BUYER).stream()
                                .filter(x -> x.text().contains("Your keys"))
                                .count())
                        .isEqualTo(1);
                assertThat(telegram.sentTo(MERCHANT).stream()
                                .filter(x -> x.text().startsWith("Order "))
                                .count())
                        .isEqualTo(1);
                JsonNode all =
                        store.http().adminGet("/api/admin/orders?limit=50").json();
                assertThat(all.size()).isEqualTo(1);
                assertThat(all.get(0).path("orderNo").asText()).isEqualTo(orderNo);
                assertThat(store.stock(productId).path("sold").asLong()).isEqualTo(2);
            }
        }
    }

    @Test
    void aHeldOrderSendsItsKeysOnlyAfterTheMerchantChatApprovesIt() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram();
                TestStore store = start(ScratchDirs.create("telegram-review"))) {
            long productId = store.createProduct("Game Key", 700, "CNY");
            store.importKeys(productId, List.of("KEY-HELD-1"));
            // The risk rules see the bot's buyer as they see a web buyer: here every order from the bot's mail domain
            // is held.
            Http.Answer rules = store.http()
                    .adminPutJson(
                            "/api/admin/plugins/risk-basic/config",
                            Map.of(
                                    "mode",
                                    "enforce",
                                    "disposableEmails",
                                    "review",
                                    "disposableEmailDomains",
                                    "telegram.invalid"));
            assertThat(rules.status()).as(rules.body()).isEqualTo(200);
            configure(store, telegram);

            String orderNo = buyThroughChat(telegram, BUYER, 1);
            assertThat(store.notifySandbox(orderNo, 700, "T-" + orderNo).status())
                    .isEqualTo(200);
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .path("status")
                            .asText())
                    .isEqualTo("paid");

            telegram.userSends(
                    BUYER, "/approve " + orderNo); // not the merchant's chat: the buyer's help, nothing decided
            telegram.awaitMessage(BUYER, t -> t.startsWith("/start"), WAIT);
            Thread.sleep(2500);
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .path("status")
                            .asText())
                    .isEqualTo("paid");
            assertThat(telegram.sentTo(BUYER)).noneMatch(x -> x.text().contains("Your keys"));

            telegram.userSends(MERCHANT, "/approve " + orderNo);
            assertThat(telegram.awaitMessage(MERCHANT, t -> t.contains("approved"), WAIT)
                            .text())
                    .contains(orderNo)
                    .contains("delivered");
            FakeTelegram.Message keys = telegram.awaitMessage(BUYER, t -> t.contains("Your keys"), WAIT);
            assertThat(keys.text()).contains("KEY-HELD-1");
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .path("status")
                            .asText())
                    .isEqualTo("delivered");
        }
    }

    @Test
    void theKeysMessageSpeaksTheLanguageTheBuyerChattedInNotTheStoresDefault() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram();
                TestStore store = start(ScratchDirs.create("telegram-language"))) {
            long productId = store.createProduct("Game Key", 700, "CNY");
            store.importKeys(productId, List.of("KEY-ZH-1", "KEY-EN-2"));
            configure(store, telegram);
            long chinese = 5353;
            telegram.userSpeaks(chinese, "zh-hans");

            telegram.userSends(chinese, "/start");
            FakeTelegram.Message catalogue = telegram.awaitMessage(chinese, t -> t.contains("请选择商品"), WAIT);
            telegram.userPresses(chinese, catalogue, b -> b.startsWith("Game Key"));
            FakeTelegram.Message product = telegram.awaitMessage(chinese, t -> t.contains("购买数量"), WAIT);
            telegram.userPresses(chinese, product, "1"::equals);
            FakeTelegram.Message channel = telegram.awaitMessage(chinese, t -> t.contains("选择支付方式"), WAIT);
            telegram.userPresses(chinese, channel, b -> b.toLowerCase().contains("sandbox"));
            FakeTelegram.Message placed = telegram.awaitMessage(chinese, t -> t.startsWith("订单 "), WAIT);
            Matcher zh = Pattern.compile("订单 (\\S+)：").matcher(placed.text());
            assertThat(zh.find()).as(placed.text()).isTrue();
            String chineseOrder = zh.group(1);
            String englishOrder = buyThroughChat(telegram, BUYER, 1);

            assertThat(store.notifySandbox(chineseOrder, 700, "T-" + chineseOrder)
                            .status())
                    .isEqualTo(200);
            assertThat(store.notifySandbox(englishOrder, 700, "T-" + englishOrder)
                            .status())
                    .isEqualTo(200);

            FakeTelegram.Message zhKeys = telegram.awaitMessage(chinese, t -> t.contains("您的卡密"), WAIT);
            assertThat(zhKeys.text()).startsWith("订单 " + chineseOrder).contains("KEY-");
            FakeTelegram.Message enKeys = telegram.awaitMessage(BUYER, t -> t.contains("Your keys"), WAIT);
            assertThat(enKeys.text()).startsWith("Order " + englishOrder);
            Thread.sleep(1500);
            assertThat(telegram.sentTo(chinese))
                    .filteredOn(x -> x.text().contains("KEY-"))
                    .hasSize(1);
            assertThat(telegram.sentTo(chinese)).noneMatch(x -> x.text().contains("Your keys"));
        }
    }

    @Test
    void resendingTheKeysOfABotOrderSendsThemToTheChatOnceMoreAndMailsNobody() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram();
                TestStore store = start(ScratchDirs.create("telegram-resend"))) {
            long productId = store.createProduct("Game Key", 700, "CNY");
            store.importKeys(productId, List.of("KEY-AGAIN-1"));
            configure(store, telegram);
            String orderNo = buyThroughChat(telegram, BUYER, 1);
            assertThat(store.notifySandbox(orderNo, 700, "T-" + orderNo).status())
                    .isEqualTo(200);
            telegram.awaitMessage(BUYER, t -> t.contains("Your keys"), WAIT);
            store.http()
                    .adminPostJson(
                            "/api/admin/users", Map.of("username", "desk", "password", "telegram resend password"));
            io.kamishop.admin.AdminClient browser = new io.kamishop.admin.AdminClient(store.baseUrl());
            assertThat(browser.signIn("desk", "telegram resend password").status())
                    .isEqualTo(303);
            String page = "/admin/orders/" + orderNo;

            assertThat(browser.get(page).body())
                    .contains("id=\"order-telegram-user\">" + BUYER + "<")
                    .doesNotContain(">telegram:" + BUYER + "<");
            assertThat(browser.submit(page, page + "/resend-email", Map.of()).status())
                    .isEqualTo(303);

            FakeTelegram.Message again = telegram.awaitMessage(
                    BUYER,
                    t -> t.contains("Your keys")
                            && telegram.sentTo(BUYER).stream()
                                            .filter(x -> x.text().contains("Your keys"))
                                            .count()
                                    == 2,
                    WAIT);
            assertThat(again.text()).contains("KEY-AGAIN-1");
            Thread.sleep(1500);
            assertThat(telegram.sentTo(BUYER))
                    .filteredOn(x -> x.text().contains("KEY-AGAIN-1"))
                    .hasSize(2);
            long mails = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT COUNT(*) FROM outbox WHERE topic = 'mail'")
                            .mapTo(Long.class)
                            .one());
            assertThat(mails)
                    .as("nothing is ever mailed to the bot order's placeholder address")
                    .isZero();
        }
    }

    @Test
    void keysTooLongForOneMessageArriveInSeveralAndTheShopStaysOutOfGroups() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram();
                TestStore store = start(ScratchDirs.create("telegram-long"))) {
            long productId = store.createProduct("Game Key", 700, "CNY");
            List<String> keys = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                keys.add("ACCOUNT-" + i + "-" + "x".repeat(480));
            }
            store.importKeys(productId, keys);
            configure(store, telegram);

            telegram.userSendsIn(BUYER, -100555, "supergroup", "/start");
            String orderNo = buyThroughChat(telegram, BUYER, 10);
            assertThat(telegram.sentTo(-100555))
                    .as("nothing is sold in a group")
                    .isEmpty();
            assertThat(store.notifySandbox(orderNo, 7000, "T-" + orderNo).status())
                    .isEqualTo(200);
            telegram.awaitMessage(BUYER, t -> t.contains("ACCOUNT-9-"), WAIT);
            List<FakeTelegram.Message> keyMessages = telegram.sentTo(BUYER).stream()
                    .filter(x -> x.text().contains("Your keys"))
                    .toList();
            assertThat(keyMessages).hasSize(2).allMatch(x -> x.text().length() <= 4096);
            String all = keyMessages.stream().map(FakeTelegram.Message::text).reduce("", String::concat);
            assertThat(keys).allMatch(all::contains);
        }
    }

    @Test
    void aStartFloodFromOneUserIsThrottledWhileOthersAreAnswered() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram();
                TestStore store = start(ScratchDirs.create("telegram-flood"))) {
            store.createProduct("Game Key", 700, "CNY");
            configure(store, telegram);
            for (int i = 0; i < 60; i++) {
                telegram.userSends(BUYER, "/start");
            }
            telegram.userSends(7, "/start");
            telegram.awaitMessage(7, t -> t.contains("Choose a product"), WAIT);
            awaitAllTaken(telegram);
            Thread.sleep(500);
            int answered = telegram.sentTo(BUYER).size();
            // 20 a minute (KAMISHOP_RATE_BOT_UPDATES_PER_MINUTE), and a flood is answered with silence.
            assertThat(answered).isBetween(20, 22);
        }
    }

    @Test
    void webhookModeTakesUpdatesOnlyWithTelegramsSecretToken() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram();
                TestStore store = TestStore.builder()
                        .dataDir(ScratchDirs.create("telegram-webhook"))
                        .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                        .env("KAMISHOP_PUBLIC_URL", "https://shop.example.com")
                        .start()) {
            store.createProduct("Game Key", 700, "CNY");
            Http.Answer answer = store.http()
                    .adminPutJson(
                            "/api/admin/telegram",
                            Map.of(
                                    "enabled",
                                    "true",
                                    "botToken",
                                    FakeTelegram.TOKEN,
                                    "apiBase",
                                    telegram.apiBase(),
                                    "mode",
                                    "webhook"));
            assertThat(answer.status()).isEqualTo(200);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (telegram.calls("setWebhook").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            JsonNode set = telegram.calls("setWebhook").get(0).path("params");
            assertThat(set.path("url").asText()).isEqualTo("https://shop.example.com/api/telegram/webhook");
            String secret = set.path("secret_token").asText();
            assertThat(secret).matches("[A-Za-z0-9_-]{20,256}");

            String update = "{\"update_id\":5,\"message\":{\"message_id\":1,\"date\":1,\"text\":\"/start\","
                    + "\"from\":{\"id\":31,\"is_bot\":false,\"first_name\":\"A\"},\"chat\":{\"id\":31,\"type\":\"private\"}}}";
            assertThat(postWebhook(store, update, null).statusCode()).isEqualTo(403);
            assertThat(postWebhook(store, update, "wrong").statusCode()).isEqualTo(403);
            assertThat(telegram.sentTo(31)).isEmpty();
            assertThat(postWebhook(store, update, secret).statusCode()).isEqualTo(200);
            assertThat(telegram.awaitMessage(31, t -> t.contains("Choose a product"), WAIT))
                    .isNotNull();
            // Telegram delivering the same update again (it retries a webhook) is answered once.
            assertThat(postWebhook(store, update, secret).statusCode()).isEqualTo(200);
            assertThat(telegram.sentTo(31)).hasSize(1);
            assertThat(telegram.calls("getUpdates")).isEmpty();
        }
    }

    @Test
    void theBotCallsOutThroughTheGuardedClientWhichRefusesLoopbackUnlessAllowed() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram();
                TestStore store = TestStore.builder()
                        .dataDir(ScratchDirs.create("telegram-guard"))
                        .start()) {
            configure(store, telegram);
            telegram.userSends(BUYER, "/start");
            Thread.sleep(3000);
            assertThat(telegram.calls("deleteWebhook")).isEmpty();
            assertThat(telegram.calls("getUpdates")).isEmpty();
            assertThat(telegram.allUpdatesTaken()).isFalse();
        }
    }

    @Test
    void settingsKeepTheTokenSealedAndRefuseBadValues() {
        try (TestStore store = start(ScratchDirs.create("telegram-settings"))) {
            Http.Answer bad = store.http()
                    .adminPutJson(
                            "/api/admin/telegram",
                            Map.of("enabled", "true", "mode", "webhook", "merchantChatId", "me"));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.errorCode()).isEqualTo("invalid_config");
            assertThat(store.http()
                            .adminGet("/api/admin/telegram")
                            .json()
                            .path("enabled")
                            .asBoolean())
                    .isFalse();

            Http.Answer ok = store.http()
                    .adminPutJson(
                            "/api/admin/telegram", Map.of("botToken", FakeTelegram.TOKEN, "merchantChatId", "-100123"));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.json().path("botToken").asText()).isEqualTo("********");
            assertThat(ok.body()).doesNotContain("AAHdqTcv");
            assertThat(ok.json().path("merchantChatId").asLong()).isEqualTo(-100123);
            assertThat(store.http()
                            .postRaw("/api/telegram/webhook", "{}".getBytes(), "Content-Type", "application/json")
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aStartDeepLinkWithAReferralCodeAttributesThatUsersLaterBotOrders() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram();
                TestStore store = start(ScratchDirs.create("telegram-referral"))) {
            long productId = store.createProduct("Game Key", 700, "CNY");
            store.importKeys(productId, List.of("KEY-REF-1", "KEY-REF-2"));
            long affiliateId = store.app().database().write(tx -> {
                Handles.of(tx)
                        .createUpdate(
                                "INSERT INTO buyer_accounts (email_lower, created_at) VALUES ('partner@example.com', 0)")
                        .execute();
                long account = Handles.of(tx)
                        .createQuery("SELECT id FROM buyer_accounts WHERE email_lower = 'partner@example.com'")
                        .mapTo(Long.class)
                        .one();
                Handles.of(tx)
                        .createUpdate(
                                "INSERT INTO affiliates (buyer_account_id, code, clicks, created_at) VALUES (:a, 'TGPARTNER', 0, 0)")
                        .bind("a", account)
                        .execute();
                return Handles.of(tx)
                        .createQuery("SELECT id FROM affiliates WHERE code = 'TGPARTNER'")
                        .mapTo(Long.class)
                        .one();
            });
            configure(store, telegram);

            // t.me/<bot>?start=tgpartner arrives as "/start tgpartner"; the catalogue is answered as for a plain
            // /start.
            telegram.userSends(BUYER, "/start tgpartner");
            FakeTelegram.Message catalogue = telegram.awaitMessage(BUYER, t -> t.contains("Choose a product"), WAIT);
            telegram.userPresses(BUYER, catalogue, b -> b.startsWith("Game Key"));
            FakeTelegram.Message product = telegram.awaitMessage(BUYER, t -> t.contains("How many?"), WAIT);
            telegram.userPresses(BUYER, product, "1"::equals);
            FakeTelegram.Message channel = telegram.awaitMessage(BUYER, t -> t.contains("Pay with:"), WAIT);
            telegram.userPresses(BUYER, channel, b -> b.toLowerCase().contains("sandbox"));
            Matcher m = ORDER_NO.matcher(telegram.awaitMessage(BUYER, t -> t.startsWith("Order "), WAIT)
                    .text());
            assertThat(m.find()).isTrue();
            String referred = m.group(1);
            String other = buyThroughChat(telegram, 77, 1); // another user, no link

            assertThat(attributedTo(store, referred)).containsExactly(affiliateId);
            assertThat(attributedTo(store, other)).isEmpty();
            long clicks = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT clicks FROM affiliates WHERE id = :id")
                            .bind("id", affiliateId)
                            .mapTo(Long.class)
                            .one());
            assertThat(clicks).isEqualTo(1);
        }
    }

    private static List<Long> attributedTo(TestStore store, String orderNo) {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT a.affiliate_id FROM affiliate_orders a JOIN orders o ON o.id = a.order_id "
                                + "WHERE o.order_no = :n")
                        .bind("n", orderNo)
                        .mapTo(Long.class)
                        .list());
    }

    /** Catalogue → the product → a quantity → the sandbox channel; returns the order number the bot names. */
    static String buyThroughChat(FakeTelegram telegram, long user, int quantity) throws InterruptedException {
        telegram.userSends(user, "/start");
        FakeTelegram.Message catalogue = telegram.awaitMessage(user, t -> t.contains("Choose a product"), WAIT);
        telegram.userPresses(user, catalogue, b -> b.startsWith("Game Key"));
        FakeTelegram.Message product = telegram.awaitMessage(user, t -> t.contains("How many?"), WAIT);
        telegram.userPresses(user, product, String.valueOf(quantity)::equals);
        FakeTelegram.Message channel = telegram.awaitMessage(user, t -> t.contains("Pay with:"), WAIT);
        telegram.userPresses(user, channel, b -> b.toLowerCase().contains("sandbox"));
        FakeTelegram.Message placed = telegram.awaitMessage(user, t -> t.startsWith("Order "), WAIT);
        Matcher m = ORDER_NO.matcher(placed.text());
        assertThat(m.find()).as(placed.text()).isTrue();
        return m.group(1);
    }

    private static TestStore start(Path dir) {
        return TestStore.builder()
                .dataDir(dir)
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
    }

    static void configure(TestStore store, FakeTelegram telegram) {
        Http.Answer answer = store.http()
                .adminPutJson(
                        "/api/admin/telegram",
                        Map.of(
                                "enabled",
                                "true",
                                "botToken",
                                FakeTelegram.TOKEN,
                                "apiBase",
                                telegram.apiBase(),
                                "merchantChatId",
                                String.valueOf(MERCHANT),
                                "mode",
                                "polling"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("botToken").asText()).isEqualTo("********");
    }

    static void awaitAllTaken(FakeTelegram telegram) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!telegram.allUpdatesTaken() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(telegram.allUpdatesTaken())
                .as("the bot confirmed every update")
                .isTrue();
    }

    private static HttpResponse<String> postWebhook(TestStore store, String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(store.baseUrl() + "/api/telegram/webhook"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
