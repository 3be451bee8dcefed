package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The order actions added for review and mail (approve, reject, resend the keys mail), the
 * dashboard's risk blocks and refused notifications, and the SMTP settings page, over plain HTTP:
 * each form refused without its CSRF token, and nothing changed then.
 */
class OrderActionsPagesTest {

    private static final String PASSWORD = "order actions password";

    private static AdminClient signedIn(TestStore store) {
        store.http().adminPostJson("/api/admin/users", Map.of("username", "desk", "password", PASSWORD));
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn("desk", PASSWORD).status()).isEqualTo(303);
        return browser;
    }

    private static void holdForReview(TestStore store) {
        Http.Answer answer = store.http()
                .adminPutJson(
                        "/api/admin/plugins/risk-basic/config",
                        Map.of(
                                "mode",
                                "enforce",
                                "disposableEmails",
                                "review",
                                "disposableEmailDomains",
                                "throwaway.example",
                                "blockedEmails",
                                "*@spam.example"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static JsonNode place(TestStore store, long product, String email) {
        Http.Answer placed = store.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json();
    }

    private static String status(TestStore store, String orderNo) {
        return store.http()
                .adminGet("/api/admin/orders/" + orderNo)
                .json()
                .get("status")
                .asText();
    }

    @Test
    void aReviewedOrderIsListedUnderNeedsReviewAndApprovedFromItsPage() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            holdForReview(store);
            long product = store.createProduct("Held goods", 300, "CNY");
            store.importKeys(product, List.of("H-1", "H-2", "H-3"));
            String held = place(store, product, "who@throwaway.example")
                    .get("orderNo")
                    .asText();
            assertThat(store.notifySandbox(held, 300, "held-trade").status()).isEqualTo(200);
            String other =
                    place(store, product, "fine@example.com").get("orderNo").asText();
            assertThat(status(store, held)).isEqualTo("paid");

            String list = browser.get("/admin/orders?review=open").body();
            assertThat(list).contains(held).doesNotContain(other);
            String path = "/admin/orders/" + held;
            String page = browser.get(path).body();
            assertThat(page)
                    .contains("id=\"approve-order\"")
                    .contains("id=\"reject-order\"")
                    .contains("throwaway.example");

            // Without the CSRF token: refused, and the order is still held.
            assertThat(browser.postForm(path + "/approve", Map.of()).status()).isEqualTo(403);
            assertThat(status(store, held)).isEqualTo("paid");

            assertThat(browser.submit(path, path + "/approve", Map.of()).status())
                    .isEqualTo(303);
            assertThat(status(store, held)).isEqualTo("delivered");
            assertThat(store.stock(product).get("sold").asLong()).isEqualTo(1);
            assertThat(browser.get(path).body())
                    .doesNotContain("id=\"approve-order\"")
                    .contains("user:desk");
            assertThat(browser.get("/admin/orders?review=open").body()).doesNotContain(held);
            // Deciding twice: the second is refused and changes nothing.
            AdminClient.Page again = browser.postForm(
                    path + "/reject",
                    Map.of("_csrf", AdminClient.csrfFrom(browser.get(path).body())));
            assertThat(again.status()).isEqualTo(409);
            assertThat(status(store, held)).isEqualTo("delivered");
            assertThat(store.app().admin().audit().recent(20, Long.MAX_VALUE))
                    .anyMatch(e ->
                            e.action().equals("order.approve") && e.detail().startsWith(held));
        }
    }

    @Test
    void aRejectedReviewReturnsTheKeysAndAwaitsARefund() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            holdForReview(store);
            long product = store.createProduct("Rejected goods", 300, "CNY");
            store.importKeys(product, List.of("J-1"));
            String held = place(store, product, "who@throwaway.example")
                    .get("orderNo")
                    .asText();
            store.notifySandbox(held, 300, "rejected-trade");
            String path = "/admin/orders/" + held;
            assertThat(browser.submit(path, path + "/reject", Map.of()).status())
                    .isEqualTo(303);
            assertThat(status(store, held)).isEqualTo("refund_pending");
            assertThat(store.stock(product).get("available").asLong()).isEqualTo(1);
        }
    }

    @Test
    void resendingTheKeysMailQueuesItOnceAndOnlyForADeliveredOrder() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long product = store.createProduct("Mailed goods", 200, "CNY");
            store.importKeys(product, List.of("M-1", "M-2"));
            String delivered = store.order(product, 1).json().get("orderNo").asText();
            store.notifySandbox(delivered, 200, "mail-trade");
            String pending = store.order(product, 1).json().get("orderNo").asText();
            // No SMTP configured: the keys mail waits in the outbox.
            assertThat(outbox(store)).containsExactly("keys_delivered:pending");
            store.app()
                    .database()
                    .write(tx -> Handles.of(tx)
                            .createUpdate("UPDATE outbox SET status = 'sent' WHERE topic = 'mail'")
                            .execute());

            String path = "/admin/orders/" + delivered;
            assertThat(browser.get(path).body()).contains("id=\"resend-email\"");
            assertThat(browser.postForm(path + "/resend-email", Map.of()).status())
                    .isEqualTo(403);
            assertThat(outbox(store)).containsExactly("keys_delivered:sent");

            AdminClient.Page resent = browser.submit(path, path + "/resend-email", Map.of());
            assertThat(resent.status()).isEqualTo(303);
            assertThat(resent.header("Location")).endsWith("ok=mail_queued");
            assertThat(outbox(store)).containsExactly("keys_delivered:pending");
            // Asked again before it went out: still one mail waiting.
            assertThat(browser.submit(path, path + "/resend-email", Map.of()).header("Location"))
                    .endsWith("ok=mail_already_queued");
            assertThat(outbox(store)).containsExactly("keys_delivered:pending");

            String pendingPath = "/admin/orders/" + pending;
            assertThat(browser.get(pendingPath).body()).doesNotContain("id=\"resend-email\"");
            AdminClient.Page refused = browser.submit(pendingPath, pendingPath + "/resend-email", Map.of());
            assertThat(refused.status()).isEqualTo(409);
            assertThat(outbox(store)).as("the refused resend queued nothing").containsExactly("keys_delivered:pending");
            assertThat(store.app().admin().audit().recent(20, Long.MAX_VALUE).stream()
                            .map(AdminAudit.Entry::action))
                    .contains("order.resend_email");
        }
    }

    @Test
    void dashboardShowsRiskBlocksAndRefusedNotificationsWhichHaveTheirOwnFilterablePage() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            holdForReview(store);
            long product = store.createProduct("Watched goods", 500, "CNY");
            store.importKeys(product, List.of("W-1"));
            assertThat(store.http()
                            .postJson(
                                    "/api/orders",
                                    Map.of(
                                            "productId",
                                            product,
                                            "quantity",
                                            1,
                                            "email",
                                            "bot@spam.example",
                                            "channel",
                                            "sandbox"))
                            .status())
                    .isEqualTo(403);
            String orderNo =
                    place(store, product, "buyer@example.com").get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 1, "cheap-trade").status()).isEqualTo(422);
            assertThat(store.notifySandbox("NOPE-1", 500, "lost-trade").status())
                    .isEqualTo(404);

            String dashboard = browser.get("/admin").body();
            String blocks = dashboard.substring(dashboard.indexOf("id=\"risk-blocks\""));
            assertThat(blocks).contains("class=\"risk-block\"").contains("blocked-email");
            String refused =
                    dashboard.substring(dashboard.indexOf("id=\"refused\""), dashboard.indexOf("id=\"risk-blocks\""));
            assertThat(refused)
                    .contains("Amount does not match")
                    .contains("Unknown order")
                    .contains(orderNo);

            String all = browser.get("/admin/notifications").body();
            assertThat(all).contains("cheap-trade").contains("lost-trade");
            String mismatches =
                    browser.get("/admin/notifications?reason=amount_mismatch").body();
            assertThat(mismatches).contains("cheap-trade").doesNotContain("lost-trade");
            assertThat(browser.get("/admin/notifications?channel=stripe").body())
                    .doesNotContain("cheap-trade");
            assertThat(browser.get("/admin/notifications?lang=zh-CN").body()).contains("金额不符");
        }
    }

    @Test
    void smtpSettingsKeepThePasswordSecretAndRefuseAFormWithoutItsToken() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            String path = "/admin/settings/mail";
            assertThat(browser.postForm(path, Map.of("host", "evil.example")).status())
                    .isEqualTo(403);
            assertThat(browser.postForm(path + "/test", Map.of("to", "x@example.com"))
                            .status())
                    .isEqualTo(403);
            assertThat(store.http()
                            .adminGet("/api/admin/mail/settings")
                            .json()
                            .get("host")
                            .isNull())
                    .isTrue();

            AdminClient.Page saved = browser.submit(
                    path,
                    path,
                    Map.of(
                            "host",
                            "smtp.example.com",
                            "port",
                            "2525",
                            "username",
                            "shop",
                            "password",
                            "very-secret-smtp-pw",
                            "from",
                            "shop@example.com",
                            "security",
                            "ssl"));
            assertThat(saved.status()).isEqualTo(303);
            String page = browser.get(path).body();
            assertThat(page)
                    .contains("smtp.example.com")
                    .contains("id=\"smtp-password-set\"")
                    .doesNotContain("very-secret-smtp-pw");
            String stored = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT value FROM settings WHERE scope = 'mail' AND name = 'password'")
                            .mapTo(String.class)
                            .one());
            assertThat(stored).isNotBlank().doesNotContain("very-secret-smtp-pw");

            // An empty password field keeps the stored one for the same server; another server needs it typed
            // again (the password is bound to where it is sent); a bad port is refused by its field, nothing stored.
            assertThat(browser.submit(
                                    path,
                                    path,
                                    Map.of("host", "smtp.example.com", "from", "desk@example.com", "password", ""))
                            .status())
                    .isEqualTo(303);
            assertThat(browser.submit(path, path, Map.of("host", "smtp2.example.com", "password", ""))
                            .status())
                    .isEqualTo(422);
            assertThat(browser.submit(
                                    path, path, Map.of("host", "smtp2.example.com", "password", "very-secret-smtp-pw"))
                            .status())
                    .isEqualTo(303);
            AdminClient.Page invalid = browser.submit(
                    path, path, Map.of("host", "smtp3.example.com", "port", "http", "password", "other-pw"));
            assertThat(invalid.status()).isEqualTo(422);
            assertThat(invalid.body()).contains("id=\"error-smtp-port\"").doesNotContain("other-pw");
            JsonNode view = store.http().adminGet("/api/admin/mail/settings").json();
            assertThat(view.get("host").asText()).isEqualTo("smtp2.example.com");
            assertThat(view.get("password").asText()).isEqualTo("********");
            assertThat(store.app().audit().recent(50, Long.MAX_VALUE))
                    .noneMatch(e -> e.detail().contains("very-secret-smtp-pw"));
            // The test mail refuses a non-address and says so.
            assertThat(browser.submit(path, path + "/test", Map.of("to", "not an address"))
                            .status())
                    .isEqualTo(422);
        }
    }

    private static List<String> outbox(TestStore store) {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT dedupe_key, status FROM outbox WHERE topic = 'mail' ORDER BY id")
                        .map((rs, ctx) ->
                                rs.getString(1).substring(rs.getString(1).indexOf(':') + 1) + ":" + rs.getString(2))
                        .list());
    }
}
