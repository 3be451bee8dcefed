package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.account.AccountRoutes;
import io.kamishop.admin.AdminClient;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.TestStore;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The buyer account's pages without a browser: sign-in by code (a bad code changes nothing), My account in
 * Chinese, paying from the balance refused without a session or with a short balance, and the merchant's
 * Buyers pages (CSRF, one grant per form, audit, statement JSON, masked addresses).
 */
class BuyerAccountPagesTest {

    private static final Pattern CODE = Pattern.compile("Your sign-in code: ([0-9]{6})");
    private static final String ADMIN_PASSWORD = "buyer pages password";

    private GreenMail smtp;
    private TestStore store;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        store = TestStore.start();
        store.mailThrough(smtp.getSmtp().getPort());
    }

    @AfterEach
    void stop() {
        try {
            LedgerInvariants.hold(store.app().database());
        } finally {
            store.close();
            smtp.stop();
        }
    }

    @Test
    void aBadCodeIsRefusedInChineseAndSignsNobodyInThenTheRightOneOpensMyAccount() throws Exception {
        Http.Answer asked = form("/account/code", Map.of("email", "Buyer@Example.com"), null, "zh-CN");
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).contains("六位验证码已发送至 Buyer@Example.com").contains("id=\"sign-in-code-field\"");
        store.app().mailOutbox().sendDue();
        String code = lastCode();
        String wrong = code.equals("000000") ? "111111" : "000000";

        Http.Answer refused =
                form("/account/sign-in", Map.of("email", "buyer@example.com", "code", wrong), null, "zh-CN");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("验证码错误或已失效");
        assertThat(refused.header("Set-Cookie")).isNull();
        Http.Answer malformed =
                form("/account/sign-in", Map.of("email", "buyer@example.com", "code", "12ab"), null, "zh-CN");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(count("SELECT COUNT(*) FROM buyer_sessions"))
                .as("no session from a bad code")
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM buyer_accounts"))
                .as("no account from a bad code")
                .isZero();

        Http.Answer signedIn =
                form("/account/sign-in", Map.of("email", "buyer@example.com", "code", code), null, "zh-CN");
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/account");
        String cookie = signedIn.header("Set-Cookie");
        assertThat(cookie)
                .startsWith(AccountRoutes.SESSION_COOKIE + "=")
                .contains("HttpOnly")
                .contains("SameSite=Lax");
        cookie = cookie.substring(0, cookie.indexOf(';'));

        Http.Answer mine = page("/account?lang=zh-CN", cookie);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body())
                .contains("我的账户")
                .contains("buyer@example.com")
                .contains("暂无店铺余额")
                .contains("退出登录");
        assertThat(page("/?lang=zh-CN", null).body()).contains(">登录</a>");
        assertThat(page("/?lang=zh-CN", cookie).body()).contains(">我的账户</a>");

        Http.Answer out = form("/account/sign-out", Map.of(), cookie, "en");
        assertThat(out.status()).isEqualTo(303);
        Http.Answer closed = page("/account", cookie);
        assertThat(closed.status()).as("a signed-out session opens nothing").isEqualTo(303);
        assertThat(closed.header("Location")).isEqualTo("/account/sign-in");
    }

    @Test
    void payingFromTheBalanceNeedsASessionAndAShortBalanceTakesNoKey() throws Exception {
        long product = store.createProduct("Game", 990, "CNY");
        store.importKeys(product, List.of("KEY-1"));
        Map<String, String> order = Map.of(
                "productId",
                Long.toString(product),
                "quantity",
                "1",
                "email",
                "buyer@example.com",
                "channel",
                "balance");

        Http.Answer guest = form("/checkout", order, null, "en");
        assertThat(guest.status()).isEqualTo(401);
        assertThat(guest.body()).contains("Please sign in again to pay from your balance");
        assertThat(count("SELECT COUNT(*) FROM orders"))
                .as("nothing placed for a guest")
                .isZero();

        String cookie = signIn("buyer@example.com");
        Http.Answer productPage = page("/products/" + product, cookie);
        assertThat(productPage.body())
                .contains("id=\"channel-balance\"")
                .containsPattern("Pay from balance \\(\\S*0\\.00 available\\)");
        assertThat(page("/products/" + product, null).body())
                .as("a guest's page offers no balance")
                .doesNotContain("channel-balance");

        Http.Answer shortBalance = form("/checkout", order, cookie, "en");
        assertThat(shortBalance.status()).isEqualTo(409);
        assertThat(shortBalance.body()).contains("Your balance is not enough for this order");
        assertThat(store.stock(product).get("available").asLong())
                .as("the key is back on the shelf")
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ledger_transfers")).isZero();
    }

    @Test
    void theMerchantsGrantFormNeedsItsCsrfTokenGrantsOncePerFormAndIsAudited() throws Exception {
        store.http().adminPostJson("/api/admin/users", Map.of("username", "desk", "password", ADMIN_PASSWORD));
        AdminClient admin = new AdminClient(store.baseUrl());
        assertThat(admin.signIn("desk", ADMIN_PASSWORD).status()).isEqualTo(303);
        Map<String, String> grant = new LinkedHashMap<>(Map.of(
                "email",
                "Buyer@Example.com",
                "amount",
                "20.00",
                "currency",
                "CNY",
                "memo",
                "welcome",
                "idempotencyKey",
                "form-1"));

        assertThat(admin.postForm("/admin/buyers/credit", grant).status())
                .as("no CSRF token")
                .isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM ledger_transfers")).isZero();

        AdminClient.Page first = admin.submit("/admin/buyers", "/admin/buyers/credit", grant);
        assertThat(first.status()).isEqualTo(303);
        AdminClient.Page again = admin.submit("/admin/buyers", "/admin/buyers/credit", grant);
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header("Location")).isEqualTo(first.header("Location")).contains("ok=credit_granted");
        assertThat(count("SELECT COUNT(*) FROM ledger_transfers"))
                .as("one grant per form")
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_log WHERE action = 'buyer.credit' AND actor = 'user:desk'"))
                .as("one grant, one entry, written with it")
                .isEqualTo(1);

        Map<String, String> bad = new LinkedHashMap<>(grant);
        bad.put("amount", "twenty");
        bad.put("idempotencyKey", "form-2");
        AdminClient.Page refused = admin.submit("/admin/buyers", "/admin/buyers/credit", bad);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("The amount must be a positive number");
        assertThat(count("SELECT COUNT(*) FROM ledger_transfers")).isEqualTo(1);

        long id = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT id FROM buyer_accounts")
                        .mapTo(Long.class)
                        .one());
        JsonNode statement =
                store.http().adminGet("/api/admin/buyers/" + id + "/statement").json();
        assertThat(statement.get("currency").asText()).isEqualTo("CNY");
        assertThat(statement.get("balance").asLong()).isEqualTo(2000);
        assertThat(statement.get("entries")).hasSize(1);
        assertThat(statement.at("/entries/0/kind").asText()).isEqualTo("grant");
        assertThat(statement.at("/entries/0/memo").asText()).isEqualTo("welcome");
        assertThat(store.http().adminGet("/api/admin/buyers/999999/statement").errorCode())
                .isEqualTo("buyer_not_found");
        assertThat(store.http().get("/api/admin/buyers/" + id + "/statement").status())
                .as("no admin token")
                .isEqualTo(401);

        String page = admin.get("/admin/buyers/" + id + "?lang=en").body();
        assertThat(page)
                .contains("Credit granted")
                .contains("welcome")
                .contains("b***@example.com")
                .doesNotContain("buyer@example.com");
        String list = admin.get("/admin/buyers?lang=zh-CN").body();
        assertThat(list).contains("买家账户").contains("b***@example.com").doesNotContain("buyer@example.com");
    }

    @Test
    void aFormPostedFromAnotherSitesPageChangesNothingSignInIncluded() throws Exception {
        // The attacker asks for a code for their own account, then has the victim's browser post it (login CSRF).
        assertThat(form("/account/code", Map.of("email", "attacker@example.com"), null, "en")
                        .status())
                .isEqualTo(200);
        store.app().mailOutbox().sendDue();
        String code = lastCode();
        long codes = count("SELECT COUNT(*) FROM buyer_sign_in_codes");
        List<String[]> foreign = List.of(
                new String[] {"Sec-Fetch-Site", "cross-site"},
                new String[] {"Sec-Fetch-Site", "same-site"},
                new String[] {"Origin", "https://evil.example"},
                new String[] {"Origin", "null"});
        for (String[] from : foreign) {
            Http.Answer refused =
                    formFrom("/account/sign-in", Map.of("email", "attacker@example.com", "code", code), from);
            assertThat(refused.status()).as(from[0] + ": " + from[1]).isEqualTo(403);
            assertThat(refused.header("Set-Cookie")).as(from[1]).isNull();
            assertThat(refused.body()).contains("This form came from another site");
            assertThat(formFrom("/account/code", Map.of("email", "victim@example.com"), from)
                            .status())
                    .as(from[1])
                    .isEqualTo(403);
        }
        long product = store.createProduct("Cross-site game", 500, "CNY");
        store.importKeys(product, List.of("KEY-X"));
        String[] crossSite = foreign.get(0);
        assertThat(formFrom(
                                "/checkout",
                                Map.of(
                                        "productId",
                                        String.valueOf(product),
                                        "quantity",
                                        "1",
                                        "email",
                                        "victim@example.com",
                                        "channel",
                                        "sandbox"),
                                crossSite)
                        .status())
                .isEqualTo(403);
        assertThat(formFrom("/lookup", Map.of("orderNo", "K1", "password", "x"), crossSite)
                        .status())
                .isEqualTo(403);
        assertThat(formFrom("/orders/K1/channel", Map.of("channel", "sandbox"), crossSite)
                        .status())
                .isEqualTo(403);
        assertThat(formFrom("/account/sign-out", Map.of(), crossSite).status()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM buyer_sessions")).isZero();
        assertThat(count("SELECT COUNT(*) FROM buyer_sign_in_codes")).isEqualTo(codes);
        assertThat(count("SELECT COUNT(*) FROM buyer_sign_in_codes WHERE attempts > 0"))
                .as("no guess was spent")
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM orders")).isZero();
        assertThat(store.stock(product).get("available").asInt()).isEqualTo(1);

        // The store's own page, as a browser says it: the same code still signs in.
        Http.Answer own =
                formFrom("/account/sign-in", Map.of("email", "attacker@example.com", "code", code), new String[] {
                    "Sec-Fetch-Site", "same-origin"
                });
        assertThat(own.status()).as(own.body()).isEqualTo(303);
        assertThat(formFrom(
                                "/checkout",
                                Map.of(
                                        "productId",
                                        String.valueOf(product),
                                        "quantity",
                                        "1",
                                        "email",
                                        "buyer@example.com",
                                        "channel",
                                        "sandbox",
                                        "coupon",
                                        "",
                                        "lookupPassword",
                                        ""),
                                new String[] {"Origin", store.baseUrl().replaceFirst("/$", "")})
                        .status())
                .isEqualTo(303);
        assertThat(count("SELECT COUNT(*) FROM orders")).isEqualTo(1);
    }

    private Http.Answer formFrom(String path, Map<String, String> fields, String[] header) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Accept-Language", "en")
                                .header(header[0], header[1])
                                .POST(HttpRequest.BodyPublishers.ofString(body)),
                        false);
    }

    private long count(String sql) {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx).createQuery(sql).mapTo(Long.class).one());
    }

    private String signIn(String email) throws Exception {
        assertThat(form("/account/code", Map.of("email", email), null, "en").status())
                .isEqualTo(200);
        store.app().mailOutbox().sendDue();
        Http.Answer signedIn = form("/account/sign-in", Map.of("email", email, "code", lastCode()), null, "en");
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
        String cookie = signedIn.header("Set-Cookie");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private Http.Answer form(String path, Map<String, String> fields, String cookie, String language) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(store.http().uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept-Language", language)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return store.http().send(request, false);
    }

    private Http.Answer page(String path, String cookie) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(store.http().uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return store.http().send(request, false);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String lastCode() throws Exception {
        MimeMessage[] received = smtp.getReceivedMessages();
        for (int i = received.length - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(received[i].getSubject());
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no sign-in code mail among " + received.length);
    }
}
