package io.kamishop.affiliate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.db.Handles;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Affiliates end to end on SQLite ({@link AffiliateTest}) and PostgreSQL ({@link AffiliateOnPostgresTest}):
 * attribution by link and code, commission at delivery, the pending window on the test clock, reversal by a
 * refund before and after it, two levels, withdrawals, and withdrawals racing reversals. The ledger
 * invariants are checked after every test.
 */
abstract class AffiliateBehaviour {

    private static final Pattern CODE = Pattern.compile("Your sign-in code: ([0-9]{6})");
    static final String AFFILIATE = "affiliate@example.com";
    static final long PRICE = 1000;

    GreenMail smtp;
    TestStore store;
    MutableClock clock;
    long product;
    int tradeNo;

    abstract TestStore.Builder builder();

    void afterStore() {}

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        clock = MutableClock.now();
        // The tests release commissions themselves, at the moments they pin; the sweeper would race them.
        store = builder()
                .clock(clock)
                .env(
                        "KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS",
                        Long.toString(Duration.ofDays(1).toMillis()))
                .start();
        store.mailThrough(smtp.getSmtp().getPort());
        assertThat(store.http()
                        .adminPutJson(
                                "/api/admin/settings", Map.of("affiliateHoldDays", "7", "affiliateWindowDays", "30"))
                        .status())
                .isEqualTo(200);
        product = store.createProduct("Gift card", PRICE, "CNY");
        store.importKeys(
                product, IntStream.range(0, 80).mapToObj(i -> "GIFT-" + i).toList());
        rule("store", "", 1, "percent", 1000); // 10% at level 1
        rule("store", "", 2, "fixed", 20); // 20 at level 2
    }

    @AfterEach
    void stop() {
        try {
            LedgerInvariants.hold(store.app().database());
            Invariants.noKeyInTwoOrders(store.app().database());
            Invariants.deliveredOrdersHaveTheirKeys(store.app().database());
        } finally {
            store.close();
            smtp.stop();
            afterStore();
        }
    }

    @Test
    void aBuyerArrivingThroughALinkIsAttributedAndTheDeliveredOrderEarnsAPendingCommission() throws Exception {
        String code = join(signIn(AFFILIATE));
        Http.Answer page = store.http()
                .send(HttpRequest.newBuilder(store.http().uri("/?ref=" + code)).GET(), false);
        String cookie = page.header("Set-Cookie");
        assertThat(cookie)
                .startsWith("kamishop_ref=" + code)
                .contains("Max-Age=" + Duration.ofDays(30).toSeconds())
                .contains("HttpOnly");

        String orderNo = buyAndPay("guest@example.com", null, "kamishop_ref=" + code);

        JsonNode me = adminAffiliate();
        assertThat(me.get("clicks").asLong()).isEqualTo(1);
        assertThat(me.get("orders").asLong()).isEqualTo(1);
        assertThat(me.at("/earnings/pending/CNY").asLong()).isEqualTo(100);
        assertThat(me.at("/earnings/available/CNY").isMissingNode()).isTrue();
        assertThat(me.get("commissions").get(0).get("orderNo").asText()).isEqualTo(orderNo);
        assertThat(me.get("commissions").get(0).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void anApiOrderMayNameTheCodeAndAnUnknownCodeChangesNothing() throws Exception {
        String code = join(signIn(AFFILIATE));
        buyAndPay("guest@example.com", code.toLowerCase(java.util.Locale.ROOT), null);
        buyAndPay("guest@example.com", "NOSUCHCODE", null);
        assertThat(adminAffiliate().get("orders").asLong()).isEqualTo(1);
        assertThat(adminAffiliate().at("/earnings/pending/CNY").asLong()).isEqualTo(100);
    }

    @Test
    void anAffiliateBuyingThroughTheirOwnCodeEarnsNothingAndIsNotRefused() throws Exception {
        String code = join(signIn(AFFILIATE));
        buyAndPay(AFFILIATE.toUpperCase(java.util.Locale.ROOT), code, null);
        JsonNode me = adminAffiliate();
        assertThat(me.get("orders").asLong()).isZero();
        assertThat(me.get("commissions")).isEmpty();
    }

    @Test
    void aCommissionBecomesAvailableOnlyWhenTheRefundWindowHasPassedOnTheStoreClock() throws Exception {
        String code = join(signIn(AFFILIATE));
        buyAndPay("guest@example.com", code, null);

        clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(store.app().commissions().releaseDue()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.app().commissions().releaseDue()).isEqualTo(1);
        assertThat(store.app().commissions().releaseDue()).as("released once").isZero();

        JsonNode me = adminAffiliate();
        assertThat(me.at("/earnings/pending/CNY").asLong()).isZero();
        assertThat(me.at("/earnings/available/CNY").asLong()).isEqualTo(100);
        assertThat(me.get("commissions").get(0).get("status").asText()).isEqualTo("available");
    }

    @Test
    void aRefundBeforeTheWindowReversesThePendingCommission() throws Exception {
        String code = join(signIn(AFFILIATE));
        String orderNo = buyAndPay("guest@example.com", code, null);

        refund(orderNo);
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().commissions().releaseDue()).isZero();

        JsonNode me = adminAffiliate();
        assertThat(me.at("/earnings/pending/CNY").asLong()).isZero();
        assertThat(me.at("/earnings/available/CNY").isMissingNode()).isTrue();
        assertThat(me.get("commissions").get(0).get("status").asText()).isEqualTo("reversed");
        assertThat(me.get("earnings").get("debt").asLong()).isZero();
    }

    @Test
    void aRefundAfterTheWindowIsBookedAgainstTheAffiliateAndWhatWasAlreadyPaidOutBecomesDebt() throws Exception {
        String affiliateCookie = signIn(AFFILIATE);
        String code = join(affiliateCookie);
        String orderNo = buyAndPay("guest@example.com", code, null);
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().commissions().releaseDue()).isEqualTo(1);

        Http.Answer asked =
                postAs(affiliateCookie, "/api/account/affiliate/withdrawals", Map.of("amount", 60, "currency", "CNY"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        Http.Answer approved = store.http()
                .adminPostJson(
                        "/api/admin/affiliates/withdrawals/"
                                + asked.json().get("id").asLong() + "/approve",
                        Map.of());
        assertThat(approved.json().get("status").asText()).isEqualTo("approved");

        refund(orderNo);

        JsonNode me = adminAffiliate();
        assertThat(me.at("/earnings/available/CNY").asLong())
                .as("the 40 left were taken back, never below zero")
                .isZero();
        assertThat(me.at("/earnings/paidOut/CNY").asLong()).isEqualTo(60);
        assertThat(me.get("earnings").get("debt").asLong()).isEqualTo(60);
        assertThat(me.get("commissions").get(0).get("reversed").asLong()).isEqualTo(100);
        assertThat(me.get("commissions").get(0).get("unrecovered").asLong()).isEqualTo(60);
    }

    @Test
    void theReferrersOwnReferrerEarnsTheLevelTwoRate() throws Exception {
        String topCode = join(signIn(AFFILIATE));
        String midCookie = signIn("mid@example.com");
        // The second affiliate arrives through the first one's link while signed in, then takes a code.
        store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/?ref=" + topCode))
                                .header("Cookie", midCookie)
                                .GET(),
                        false);
        String midCode = join(midCookie);

        buyAndPay("guest@example.com", midCode, null);

        JsonNode all = store.http().adminGet("/api/admin/affiliates").json().get("affiliates");
        assertThat(all).hasSize(2);
        for (JsonNode a : all) {
            long expected = a.get("code").asText().equals(midCode) ? 100 : 20;
            assertThat(a.at("/earnings/pending/CNY").asLong())
                    .as(a.get("code").asText())
                    .isEqualTo(expected);
        }
    }

    @Test
    void aProductRuleBeatsTheStoreRule() throws Exception {
        rule("product", Long.toString(product), 1, "fixed", 5);
        String code = join(signIn(AFFILIATE));
        buyAndPay("guest@example.com", code, null);
        assertThat(adminAffiliate().at("/earnings/pending/CNY").asLong()).isEqualTo(5);
    }

    @Test
    void aRejectedWithdrawalGoesBackAndAShortOneIsRefused() throws Exception {
        String cookie = signIn(AFFILIATE);
        String code = join(cookie);
        buyAndPay("guest@example.com", code, null);
        Http.Answer early =
                postAs(cookie, "/api/account/affiliate/withdrawals", Map.of("amount", 50, "currency", "CNY"));
        assertThat(early.status()).as("still pending").isEqualTo(409);
        assertThat(early.errorCode()).isEqualTo("insufficient_balance");
        clock.advance(Duration.ofDays(8));
        store.app().commissions().releaseDue();

        long id = postAs(cookie, "/api/account/affiliate/withdrawals", Map.of("amount", 100, "currency", "CNY"))
                .json()
                .get("id")
                .asLong();
        assertThat(adminAffiliate().at("/earnings/withdrawing/CNY").asLong()).isEqualTo(100);
        assertThat(store.http()
                        .adminPostJson("/api/admin/affiliates/withdrawals/" + id + "/reject", Map.of())
                        .status())
                .isEqualTo(200);
        Http.Answer twice =
                store.http().adminPostJson("/api/admin/affiliates/withdrawals/" + id + "/approve", Map.of());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.errorCode()).isEqualTo("already_decided");
        assertThat(adminAffiliate().at("/earnings/available/CNY").asLong()).isEqualTo(100);
        Http.Answer bad = postAs(cookie, "/api/account/affiliate/withdrawals", Map.of("amount", -1, "currency", "CNY"));
        assertThat(bad.status()).isEqualTo(422);
    }

    /**
     * Twenty orders earn 100 each, all available (2000). Then fifty operations at once: 30 withdrawal requests of
     * 100 and the 20 orders' refunds, each reversing its commission against what is available (the rest as debt).
     * Whatever wins: nothing below zero, and since once a reversal finds the balance short it stays empty, what
     * was withdrawn is exactly the debt and nothing is left available.
     */
    /**
     * Balance-paid orders from the affiliate's buyers (paid and delivered in one transaction: buyer &rarr; store, then
     * store &rarr; the affiliate's pending row) racing refunds of released balance-paid orders and the affiliate's
     * withdrawals. Every transaction takes the store's ledger row before the affiliate's (Ledger.lockInOrder): no
     * 5xx, every loser a clean refusal, the ledger invariants hold (checked after every test).
     */
    @Test
    void balancePaidOrdersFromAnAffiliatesBuyersRacingRefundsAndWithdrawalsKeepTheLedger() throws Exception {
        String cookie = signIn(AFFILIATE);
        String code = join(cookie);
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String email = "wallet" + i + "@example.com";
            wallets.add(signIn(email));
            Http.Answer granted = store.http()
                    .adminPostJson(
                            "/api/admin/buyers/credit", Map.of("email", email, "amount", 10000, "currency", "CNY"));
            assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        }
        List<String> released = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Http.Answer paid = payFromBalance(wallets.get(i % 3), code);
            assertThat(paid.status()).as(paid.body()).isEqualTo(201);
            released.add(paid.json().get("orderNo").asText());
        }
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().commissions().releaseDue()).isEqualTo(8);

        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String wallet = wallets.get((i / 3) % 3);
            if (i % 3 == 0) {
                calls.add(() -> {
                    Http.Answer paid = payFromBalance(wallet, code);
                    return paid.status() == 201 ? "ordered" : paid.status() + " " + paid.body();
                });
            } else if (i % 3 == 1) {
                String orderNo = released.remove(0);
                calls.add(() -> {
                    Http.Answer r = store.http()
                            .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "race"));
                    return r.status() < 300 ? "refunded" : r.status() + " " + r.body();
                });
            } else {
                calls.add(() -> {
                    Http.Answer w = postAs(
                            cookie, "/api/account/affiliate/withdrawals", Map.of("amount", 100, "currency", "CNY"));
                    return w.status() == 201 ? "withdrawn" : w.status() + " " + w.errorCode();
                });
            }
        }
        List<String> outcomes = Concurrently.fireTogether(calls);

        assertThat(outcomes)
                .as("no 5xx, every outcome a success or a clean refusal")
                .allMatch(o -> o.equals("ordered")
                        || o.equals("refunded")
                        || o.equals("withdrawn")
                        || o.equals("409 insufficient_balance"));
        assertThat(outcomes.stream().filter("ordered"::equals).count()).isEqualTo(8);
        assertThat(outcomes.stream().filter("refunded"::equals).count()).isEqualTo(8);
        long withdrawn = outcomes.stream().filter("withdrawn"::equals).count();
        JsonNode me = adminAffiliate();
        assertThat(me.at("/earnings/pending/CNY").asLong()).isEqualTo(800);
        assertThat(me.at("/earnings/withdrawing/CNY").asLong()).isEqualTo(100 * withdrawn);
        assertThat(me.get("earnings").get("debt").asLong())
                .as("what was withdrawn and then reversed")
                .isEqualTo(100 * withdrawn);
    }

    Http.Answer payFromBalance(String session, String ref) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/account/orders"))
                                .header("Cookie", session)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        Http.toJson(Map.of("productId", product, "quantity", 1, "ref", ref)))),
                        false);
    }

    @Test
    void fiftyWithdrawalsAndCommissionReversalsRacingNeverOverdrawTheAffiliate() throws Exception {
        String cookie = signIn(AFFILIATE);
        String code = join(cookie);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(buyAndPay("guest" + i + "@example.com", code, null));
        }
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().commissions().releaseDue()).isEqualTo(20);

        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(() -> {
                Http.Answer a =
                        postAs(cookie, "/api/account/affiliate/withdrawals", Map.of("amount", 100, "currency", "CNY"));
                return a.status() == 201 ? "withdrawn" : a.errorCode();
            });
        }
        for (String orderNo : orders) {
            calls.add(() -> {
                Http.Answer a = store.http()
                        .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "race"));
                return a.status() < 300 ? "refunded" : a.status() + " " + a.body();
            });
        }
        List<String> outcomes = Concurrently.fireTogether(calls);

        assertThat(outcomes)
                .allMatch(o -> o.equals("withdrawn") || o.equals("refunded") || o.equals("insufficient_balance"));
        assertThat(outcomes.stream().filter("refunded"::equals).count()).isEqualTo(20);
        long withdrawn = outcomes.stream().filter("withdrawn"::equals).count();
        JsonNode me = adminAffiliate();
        long available = me.at("/earnings/available/CNY").asLong();
        long debt = me.get("earnings").get("debt").asLong();
        assertThat(available).isNotNegative();
        assertThat(me.at("/earnings/withdrawing/CNY").asLong()).isEqualTo(100 * withdrawn);
        assertThat(withdrawn).isLessThanOrEqualTo(20);
        // Every commission is reversed in full: what was withdrawn is exactly what the reversals could not take back.
        assertThat(debt).isEqualTo(100 * withdrawn);
        assertThat(available).isZero();
        for (JsonNode c : me.get("commissions")) {
            assertThat(c.get("reversed").asLong()).isEqualTo(100);
        }
    }

    @Test
    void anOrderThatFailsAfterItsInsertLeavesNeitherTheOrderNorItsAttribution() throws Exception {
        String code = join(signIn(AFFILIATE));
        // A fault after the order row and its attribution are written, in the same placing transaction (the
        // last placement step): before, the attribution was its own transaction after the order's commit.
        store.app().orders().addPlacementStep(new io.kamishop.order.PlacementStep() {
            @Override
            public void placed(
                    io.kamishop.db.Tx tx,
                    io.kamishop.order.Order order,
                    io.kamishop.order.OrderRequest request,
                    io.kamishop.order.PriceQuote quote) {
                if (order.email().startsWith("crash")) {
                    assertThat(Handles.of(tx)
                                    .createQuery("SELECT COUNT(*) FROM affiliate_orders WHERE order_id = :id")
                                    .bind("id", order.id())
                                    .mapTo(Long.class)
                                    .one())
                            .as("attributed inside the placing transaction")
                            .isEqualTo(1);
                    throw new IllegalStateException("injected fault after the order insert");
                }
            }
        });
        Http.Answer failed = store.http()
                .postJson(
                        "/api/orders",
                        Map.of(
                                "productId",
                                product,
                                "quantity",
                                1,
                                "email",
                                "crash@example.com",
                                "channel",
                                "sandbox",
                                "ref",
                                code));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(count("SELECT COUNT(*) FROM orders WHERE email = 'crash@example.com'"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM affiliate_orders")).isZero();

        // And every order that does commit has its attribution, however many are placed at once.
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String email = "many" + i + "@example.com";
            calls.add(() -> store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    1,
                                    "email",
                                    email,
                                    "channel",
                                    "sandbox",
                                    "ref",
                                    code))
                    .status());
        }
        assertThat(Concurrently.fireTogether(calls)).containsOnly(201);
        assertThat(count("SELECT COUNT(*) FROM orders WHERE email LIKE 'many%'"))
                .isEqualTo(12);
        assertThat(
                        count(
                                "SELECT COUNT(*) FROM orders o JOIN affiliate_orders a ON a.order_id = o.id WHERE o.email LIKE 'many%'"))
                .isEqualTo(12);
        assertThat(adminAffiliate().get("orders").asLong()).isEqualTo(12);
    }

    @Test
    void aLaterCommissionPaysDownTheDebtBeforeAnythingBecomesAvailable() throws Exception {
        String cookie = signIn(AFFILIATE);
        String code = join(cookie);
        String first = buyAndPay("guest@example.com", code, null);
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().commissions().releaseDue()).isEqualTo(1);
        long id = postAs(cookie, "/api/account/affiliate/withdrawals", Map.of("amount", 60, "currency", "CNY"))
                .json()
                .get("id")
                .asLong();
        assertThat(store.http()
                        .adminPostJson("/api/admin/affiliates/withdrawals/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(200);
        refund(first);
        assertThat(adminAffiliate().get("earnings").get("debt").asLong())
                .as("60 paid out, then reversed")
                .isEqualTo(60);

        // Two more orders earn 100 each; while pending, the debt stands and nothing is available.
        buyAndPay("second@example.com", code, null);
        clock.advance(Duration.ofDays(1));
        buyAndPay("third@example.com", code, null);
        JsonNode pending = adminAffiliate();
        assertThat(pending.at("/earnings/pending/CNY").asLong()).isEqualTo(200);
        assertThat(pending.get("earnings").get("debt").asLong()).isEqualTo(60);

        clock.advance(Duration.ofDays(6).plusMinutes(1)); // the second is due, the third not yet
        assertThat(store.app().commissions().releaseDue()).isEqualTo(1);
        JsonNode netted = adminAffiliate();
        assertThat(netted.get("earnings").get("debt").asLong()).isZero();
        assertThat(netted.at("/earnings/available/CNY").asLong())
                .as("100 earned less the 60 owed")
                .isEqualTo(40);
        assertThat(netted.at("/earnings/pending/CNY").asLong()).isEqualTo(100);
        assertThat(netted.get("commissions").get(1).get("netted").asLong()).isEqualTo(60);
        assertThat(count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'debt_repayment' AND amount = 60"))
                .isEqualTo(1);
        Http.Answer tooMuch =
                postAs(cookie, "/api/account/affiliate/withdrawals", Map.of("amount", 41, "currency", "CNY"));
        assertThat(tooMuch.errorCode()).isEqualTo("insufficient_balance");

        clock.advance(Duration.ofDays(1));
        assertThat(store.app().commissions().releaseDue()).isEqualTo(1);
        JsonNode clear = adminAffiliate();
        assertThat(clear.at("/earnings/available/CNY").asLong())
                .as("no debt left: the third is available whole")
                .isEqualTo(140);
        assertThat(clear.get("commissions").get(0).get("netted").asLong()).isZero();
    }

    @Test
    void aVisitorFollowingALinkAgainWithinADayCountsOneClick() throws Exception {
        String code = join(signIn(AFFILIATE));
        Http.Answer first = store.http()
                .send(HttpRequest.newBuilder(store.http().uri("/?ref=" + code)).GET(), false);
        assertThat(first.header("Set-Cookie")).startsWith("kamishop_ref=" + code);
        store.http()
                .send(HttpRequest.newBuilder(store.http().uri("/?ref=" + code)).GET(), false);
        store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/?ref=" + code))
                                .header("Cookie", "kamishop_ref=" + code)
                                .GET(),
                        false);
        assertThat(adminAffiliate().get("clicks").asLong())
                .as("the same address and the same cookie: one visit")
                .isEqualTo(1);

        clock.advance(Duration.ofHours(25));
        store.http()
                .send(HttpRequest.newBuilder(store.http().uri("/?ref=" + code)).GET(), false);
        assertThat(adminAffiliate().get("clicks").asLong())
                .as("a day later it counts again")
                .isEqualTo(2);
        store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/?ref=NOSUCHCODE"))
                                .GET(),
                        false);
        assertThat(adminAffiliate().get("clicks").asLong()).isEqualTo(2);
    }

    long count(String sql) {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx).createQuery(sql).mapTo(Long.class).one());
    }

    String buyAndPay(String email, String ref, String cookie) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox"));
        if (ref != null) {
            body.put("ref", ref);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(store.http().uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(body)));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        Http.Answer placed = store.http().send(request, false);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderNo = placed.json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, placed.json().get("amount").asLong(), "T-" + (++tradeNo))
                        .status())
                .isEqualTo(200);
        String status = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT status FROM orders WHERE order_no = :n")
                        .bind("n", orderNo)
                        .mapTo(String.class)
                        .one());
        assertThat(status).isEqualTo("delivered");
        return orderNo;
    }

    void refund(String orderNo) {
        Http.Answer refund = store.http()
                .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "changed mind"));
        assertThat(refund.status()).as(refund.body()).isBetween(200, 201);
        assertThat(refund.json().get("status").asText()).isEqualTo("succeeded");
    }

    void rule(String scope, String target, int level, String kind, long amount) {
        Http.Answer put = store.http()
                .adminPostJson(
                        "/api/admin/affiliates/rules",
                        Map.of("scope", scope, "target", target, "level", level, "kind", kind, "amount", amount));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
    }

    JsonNode adminAffiliate() {
        JsonNode all = store.http().adminGet("/api/admin/affiliates").json().get("affiliates");
        long id = all.get(all.size() - 1).get("id").asLong();
        return store.http().adminGet("/api/admin/affiliates/" + id).json();
    }

    String join(String cookie) {
        Http.Answer joined = postAs(cookie, "/api/account/affiliate", Map.of());
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.json().get("link").asText())
                .endsWith("/?ref=" + joined.json().get("code").asText());
        return joined.json().get("code").asText();
    }

    Http.Answer postAs(String cookie, String path, Object body) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Cookie", cookie)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(body))),
                        false);
    }

    String signIn(String email) throws Exception {
        return store.signInBuyer(smtp, email);
    }
}
