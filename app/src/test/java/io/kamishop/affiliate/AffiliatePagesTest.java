package io.kamishop.affiliate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.admin.AdminClient;
import io.kamishop.testing.Http;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The affiliate's withdrawal form on {@code /account} and the merchant's pages {@code /admin/affiliates},
 * {@code /admin/withdrawals} and {@code /admin/ledger}, in both languages, with real sessions: the same use cases as
 * the JSON API (a withdrawal asked on the page is the one the API lists and approves), bad input a 4xx that changes
 * nothing, another site's post refused, and a role that refunds nothing cannot pay a withdrawal out.
 */
class AffiliatePagesTest {

    private static final String PASSWORD = "correct horse battery staple";

    GreenMail smtp;
    MutableClock clock;
    TestStore store;
    long product;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        clock = MutableClock.now();
        store = TestStore.builder()
                .clock(clock)
                .env(
                        "KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS",
                        Long.toString(Duration.ofDays(1).toMillis()))
                .start();
        store.mailThrough(smtp.getSmtp().getPort());
        assertThat(store.http()
                        .adminPutJson("/api/admin/settings", Map.of("affiliateHoldDays", "7"))
                        .status())
                .isEqualTo(200);
        product = store.createProduct("Gift card", 1000, "CNY");
        store.importKeys(
                product, IntStream.range(0, 5).mapToObj(i -> "GIFT-" + i).toList());
        assertThat(store.http()
                        .adminPostJson(
                                "/api/admin/affiliates/rules",
                                Map.of("scope", "store", "target", "", "level", 1, "kind", "percent", "amount", 1000))
                        .status())
                .isEqualTo(201);
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
    void anAffiliateAsksForAWithdrawalOnTheAccountPageAndTheMerchantPaysItOutOnTheAdminPages() throws Exception {
        String cookie = store.signInBuyer(smtp, "affiliate@example.com");
        Http.Answer joined = form("/account/referral", cookie, "", null);
        assertThat(joined.status()).isEqualTo(303);
        String code = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/account/affiliate"))
                                .header("Cookie", cookie)
                                .GET(),
                        false)
                .json()
                .get("code")
                .asText();
        buyThrough(code);
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().commissions().releaseDue()).isEqualTo(1);

        // The form is there with what can be withdrawn, in both languages.
        assertThat(get("/account?lang=en", cookie).body()).contains("id=\"withdrawal-form\"", "Request withdrawal");
        assertThat(get("/account?lang=zh-CN", cookie).body()).contains("申请提现");

        // Bad input and too much: a 4xx that changes nothing; another site's post: refused.
        Http.Answer bad = form("/account/withdrawals?lang=en", cookie, "amount=abc&currency=CNY&details=x", null);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"withdrawal-error\"", "Enter an amount");
        Http.Answer tooMuch = form("/account/withdrawals?lang=en", cookie, "amount=5.00&currency=CNY&details=x", null);
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.body()).contains("more than your available earnings");
        Http.Answer crossSite =
                form("/account/withdrawals", cookie, "amount=0.60&currency=CNY&details=x", "cross-site");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(withdrawals()).as("nothing was asked").isEmpty();

        Http.Answer asked = form(
                "/account/withdrawals?lang=en",
                cookie,
                "amount=0.60&currency=CNY&details=Alipay+a%40example.com",
                null);
        assertThat(asked.status()).as(asked.body()).isEqualTo(303);
        assertThat(get("/account?withdrawal=requested&lang=en", cookie).body()).contains("id=\"withdrawal-requested\"");
        JsonNode listed = withdrawals();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("amount").asLong()).isEqualTo(60);
        assertThat(listed.get(0).get("note").asText()).isEqualTo("Alipay a@example.com");
        long withdrawal = listed.get(0).get("id").asLong();

        // The merchant's pages.
        assertThat(store.http()
                        .adminPostJson(
                                "/api/admin/users", Map.of("username", "ops", "password", PASSWORD, "role", "operator"))
                        .status())
                .isEqualTo(201);
        AdminClient admin = new AdminClient(store.baseUrl());
        assertThat(admin.signIn("ops", PASSWORD).status()).isEqualTo(303);
        AdminClient.Page affiliates = admin.get("/admin/affiliates?lang=en");
        assertThat(affiliates.status()).isEqualTo(200);
        assertThat(affiliates.body())
                .contains(code, "affiliate@example.com", "id=\"nav-affiliates\"", "id=\"nav-ledger\"")
                .contains("class=\"affiliate-orders\">1<");
        assertThat(admin.get("/admin/affiliates?lang=zh-CN").body()).contains("推广员", "欠款");
        AdminClient.Page open = admin.get("/admin/withdrawals?status=requested&lang=en");
        assertThat(open.body()).contains("data-withdrawal=\"" + withdrawal + "\"", "Alipay a@example.com");

        // A role that refunds nothing cannot pay it out.
        assertThat(store.http()
                        .adminPostJson(
                                "/api/admin/users",
                                Map.of("username", "helpdesk", "password", PASSWORD, "role", "support"))
                        .status())
                .isEqualTo(201);
        AdminClient support = new AdminClient(store.baseUrl());
        assertThat(support.signIn("helpdesk", PASSWORD).status()).isEqualTo(303);
        assertThat(support.submit(
                                "/admin/account",
                                "/admin/withdrawals/" + withdrawal + "/approve",
                                Map.of("payoutRecord", "NOPE"))
                        .status())
                .isEqualTo(403);
        assertThat(withdrawals().get(0).get("status").asText()).isEqualTo("requested");

        AdminClient.Page paid = admin.submit(
                "/admin/withdrawals",
                "/admin/withdrawals/" + withdrawal + "/approve",
                Map.of("payoutRecord", "BANK-REF-42"));
        assertThat(paid.status()).as(paid.body()).isEqualTo(303);
        JsonNode decided = withdrawals().get(0);
        assertThat(decided.get("status").asText()).isEqualTo("approved");
        assertThat(decided.get("payoutRecord").asText()).isEqualTo("BANK-REF-42");
        assertThat(admin.get("/admin/withdrawals?lang=zh-CN").body()).contains("BANK-REF-42", "已打款");
        AdminClient.Page again =
                admin.submit("/admin/withdrawals", "/admin/withdrawals/" + withdrawal + "/reject", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("data-code=\"already_decided\"");
        assertThat(store.http().adminGet("/api/admin/audit").body()).contains("withdrawal.approve");

        // The ledger: the holder's entries, newest first, and a kind that is none refused.
        long affiliateId = decided.get("affiliateId").asLong();
        AdminClient.Page ledger = admin.get("/admin/ledger?owner=affiliate:" + affiliateId + "&lang=en");
        assertThat(ledger.status()).isEqualTo(200);
        assertThat(ledger.body())
                .contains("Withdrawal paid", "Commission released", "Commission earned", "withdrawal:" + withdrawal)
                .doesNotContain("Order paid from balance");
        assertThat(admin.get("/admin/ledger?lang=zh-CN").body()).contains("账本", "提现已打款");
        assertThat(admin.get("/admin/ledger?kind=nonsense&lang=en").status()).isEqualTo(422);

        // The JSON door onto the same journal: the same entries for the same filter, the same refusal.
        com.fasterxml.jackson.databind.JsonNode entries = store.http()
                .adminGet("/api/admin/ledger?owner=affiliate:" + affiliateId)
                .json()
                .get("entries");
        assertThat(entries.size()).isPositive();
        assertThat(entries.findValuesAsText("reference")).contains("withdrawal:" + withdrawal);
        assertThat(entries.findValuesAsText("owner")).containsOnly("affiliate:" + affiliateId);
        assertThat(entries.get(0).get("id").asLong())
                .isGreaterThan(entries.get(entries.size() - 1).get("id").asLong());
        assertThat(store.http().adminGet("/api/admin/ledger?kind=nonsense").status())
                .isEqualTo(422);
        assertThat(store.http().adminGet("/api/admin/ledger?before=x").status()).isEqualTo(400);
    }

    private void buyThrough(String code) {
        Map<String, Object> body = new HashMap<>(
                Map.of("productId", product, "quantity", 1, "email", "buyer@example.com", "channel", "sandbox"));
        body.put("ref", code);
        Http.Answer placed = store.http().postJson("/api/orders", body);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(store.notifySandbox(
                                placed.json().get("orderNo").asText(),
                                placed.json().get("amount").asLong(),
                                "T-1")
                        .status())
                .isEqualTo(200);
    }

    private JsonNode withdrawals() {
        return store.http().adminGet("/api/admin/affiliates/withdrawals").json().get("withdrawals");
    }

    private Http.Answer get(String path, String cookie) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Cookie", cookie)
                                .GET(),
                        false);
    }

    private Http.Answer form(String path, String cookie, String body, String fetchSite) {
        HttpRequest.Builder request = HttpRequest.newBuilder(store.http().uri(path))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (fetchSite != null) {
            request.header("Sec-Fetch-Site", fetchSite);
        }
        return store.http().send(request, false);
    }
}
