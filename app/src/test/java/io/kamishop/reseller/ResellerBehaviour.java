package io.kamishop.reseller;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resellers end to end on SQLite ({@link ResellerTest}) and on two PostgreSQL nodes ({@link ResellerOnTwoNodesTest}):
 * a price below the merchant's refused, the markup in a sub-store order's price and recorded with it, earned pending
 * at delivery and available after the window (test clock), reversed by a refund, booked as debt after a payout,
 * wholesale orders paid from the reseller's balance racing withdrawals, and fifty sub-store orders, refunds and
 * withdrawals racing on one reseller. The ledger invariants are checked after every test.
 */
abstract class ResellerBehaviour {

    static final String RESELLER = "reseller@example.com";
    static final long PRICE = 1000;
    static final long MARKUP = 200;

    GreenMail smtp;
    MutableClock clock;
    TestStore store;
    long product;
    final AtomicInteger tradeNo = new AtomicInteger();
    final AtomicInteger turn = new AtomicInteger();

    /** Starts the store (and its other node, if any) on {@link #clock}. */
    abstract TestStore startStore();

    /** The node that answers the next request: the one store, or the two nodes in turn. */
    TestStore node() {
        return store;
    }

    void afterStore() {}

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        clock = MutableClock.now();
        store = startStore();
        store.mailThrough(smtp.getSmtp().getPort());
        assertThat(store.http()
                        .adminPutJson("/api/admin/settings", Map.of("affiliateHoldDays", "7"))
                        .status())
                .isEqualTo(200);
        product = store.createProduct("Gift card", PRICE, "CNY");
        store.importKeys(
                product, IntStream.range(0, 120).mapToObj(i -> "GIFT-" + i).toList());
    }

    @AfterEach
    void stop() {
        try {
            LedgerInvariants.hold(store.app().database());
            Invariants.noKeyInTwoOrders(store.app().database());
            Invariants.deliveredOrdersHaveTheirKeys(store.app().database());
        } finally {
            closeStores();
            smtp.stop();
            afterStore();
        }
    }

    void closeStores() {
        store.close();
    }

    @Test
    void aSubStorePriceBelowTheMerchantsIsRefusedAndAMarkupFollowsTheMerchantsLaterPrice() throws Exception {
        String cookie = approvedReseller("shop-one");
        Http.Answer below =
                putAs(cookie, "/api/account/reseller/markups/" + product, Map.of("kind", "price", "amount", PRICE - 1));
        assertThat(below.status()).isEqualTo(422);
        assertThat(below.errorCode()).isEqualTo("price_below_merchant");
        Http.Answer negative =
                putAs(cookie, "/api/account/reseller/markups/" + product, Map.of("kind", "fixed", "amount", -5));
        assertThat(negative.status()).isEqualTo(422);
        assertThat(negative.errorCode()).isEqualTo("price_below_merchant");
        assertThat(mine(cookie).get("markups")).as("nothing stored").isEmpty();
        assertThat(subStorePrice("shop-one"))
                .as("no markup: the merchant's price")
                .isEqualTo(PRICE);

        Http.Answer price =
                putAs(cookie, "/api/account/reseller/markups/" + product, Map.of("kind", "price", "amount", 1300));
        assertThat(price.status()).as(price.body()).isEqualTo(200);
        assertThat(price.json().get("kind").asText()).isEqualTo("fixed");
        assertThat(price.json().get("amount").asLong()).isEqualTo(300);
        assertThat(subStorePrice("shop-one")).isEqualTo(1300);

        // The merchant raises the price above the reseller's: the sub-store never sells below it.
        assertThat(store.http()
                        .adminPutJson("/api/admin/products/" + product, Map.of("price", 1500))
                        .status())
                .isEqualTo(200);
        assertThat(subStorePrice("shop-one")).isEqualTo(1800);
        String orderNo = buyOnSubStore("shop-one", "guest@example.com");
        assertThat(order(orderNo).get("amount").asLong()).isEqualTo(1800);
    }

    @Test
    void aSubStoreOrderIsTheMerchantsOrderAtThePriceWithMarkupAndEarnsThePendingMarkupAvailableAfterTheWindow()
            throws Exception {
        String cookie = approvedReseller("shop-one");
        markup(cookie, "percent", 2000); // 20% of 1000
        String orderNo = buyOnSubStore("shop-one", "guest@example.com");

        JsonNode me = mine(cookie);
        assertThat(me.at("/orders/0/orderNo").asText()).isEqualTo(orderNo);
        assertThat(me.at("/orders/0/amount").asLong()).isEqualTo(PRICE + MARKUP);
        assertThat(me.at("/orders/0/markup").asLong()).isEqualTo(MARKUP);
        assertThat(me.at("/orders/0/status").asText()).isEqualTo("pending");
        assertThat(me.at("/earnings/pending/CNY").asLong()).isEqualTo(MARKUP);
        // The merchant's order: in the merchant's order list, its stock taken from the merchant's keys.
        assertThat(store.http().adminGet("/api/admin/orders/" + orderNo).status())
                .isEqualTo(200);
        assertThat(store.stock(product).get("available").asLong()).isEqualTo(119);

        clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(store.app().resellerEarnings().releaseDue()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.app().resellerEarnings().releaseDue()).isEqualTo(1);
        assertThat(store.app().resellerEarnings().releaseDue())
                .as("released once")
                .isZero();
        me = mine(cookie);
        assertThat(me.at("/earnings/pending/CNY").asLong()).isZero();
        assertThat(me.at("/earnings/available/CNY").asLong()).isEqualTo(MARKUP);
        assertThat(me.at("/orders/0/status").asText()).isEqualTo("available");
    }

    @Test
    void aRefundBeforeTheWindowReversesThePendingMarkup() throws Exception {
        String cookie = approvedReseller("shop-one");
        markup(cookie, "fixed", MARKUP);
        String orderNo = buyOnSubStore("shop-one", "guest@example.com");
        refund(orderNo);
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().resellerEarnings().releaseDue()).isZero();
        JsonNode me = mine(cookie);
        assertThat(me.at("/earnings/pending/CNY").asLong()).isZero();
        assertThat(me.at("/earnings/available/CNY").asLong()).isZero();
        assertThat(me.at("/orders/0/status").asText()).isEqualTo("reversed");
        assertThat(me.at("/orders/0/reversed").asLong()).isEqualTo(MARKUP);
        assertThat(me.at("/earnings/debt").asLong()).isZero();
    }

    @Test
    void aRefundAfterTheMarkupWasWithdrawnIsBookedAgainstTheResellerAndTheRestIsDebt() throws Exception {
        String cookie = approvedReseller("shop-one");
        markup(cookie, "fixed", MARKUP);
        String orderNo = buyOnSubStore("shop-one", "guest@example.com");
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().resellerEarnings().releaseDue()).isEqualTo(1);

        // The one withdrawal flow (the affiliate's) pays a reseller too.
        Http.Answer asked =
                postAs(cookie, "/api/account/affiliate/withdrawals", Map.of("amount", 150, "currency", "CNY"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        assertThat(store.http()
                        .adminPostJson(
                                "/api/admin/affiliates/withdrawals/"
                                        + asked.json().get("id").asLong() + "/approve",
                                Map.of())
                        .status())
                .isEqualTo(200);

        refund(orderNo);

        JsonNode me = mine(cookie);
        assertThat(me.at("/earnings/available/CNY").asLong())
                .as("the 50 left were taken back, never below zero")
                .isZero();
        assertThat(me.at("/earnings/paidOut/CNY").asLong()).isEqualTo(150);
        assertThat(me.at("/earnings/debt").asLong()).isEqualTo(150);
        assertThat(me.at("/orders/0/reversed").asLong()).isEqualTo(MARKUP);
        assertThat(me.at("/orders/0/unrecovered").asLong()).isEqualTo(150);
        JsonNode admin = store.http()
                .adminGet("/api/admin/resellers/" + me.get("id").asLong())
                .json();
        assertThat(admin.at("/earnings/debt").asLong()).isEqualTo(150);
    }

    @Test
    void aResellersDebtFromARefundAfterPayoutIsPaidBackFromTheNextReleasedMarkupBeforeAnyOfItIsAvailable()
            throws Exception {
        String cookie = approvedReseller("shop-one");
        markup(cookie, "fixed", MARKUP);
        String first = buyOnSubStore("shop-one", "guest@example.com");
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().resellerEarnings().releaseDue()).isEqualTo(1);
        Http.Answer asked =
                postAs(cookie, "/api/account/affiliate/withdrawals", Map.of("amount", 150, "currency", "CNY"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        assertThat(store.http()
                        .adminPostJson(
                                "/api/admin/affiliates/withdrawals/"
                                        + asked.json().get("id").asLong() + "/approve",
                                Map.of())
                        .status())
                .isEqualTo(200);
        refund(first);
        assertThat(mine(cookie).at("/earnings/debt").asLong()).isEqualTo(150);

        // A later sub-store order earns 200; while pending the debt stands.
        buyOnSubStore("shop-one", "second@example.com");
        assertThat(mine(cookie).at("/earnings/debt").asLong()).isEqualTo(150);
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().resellerEarnings().releaseDue()).isEqualTo(1);

        JsonNode me = mine(cookie);
        assertThat(me.at("/earnings/debt").asLong()).as("paid back first").isZero();
        assertThat(me.at("/earnings/available/CNY").asLong())
                .as("only what the debt left")
                .isEqualTo(MARKUP - 150);
        assertThat(me.at("/earnings/pending/CNY").asLong()).isZero();
        assertThat(me.at("/orders/0/netted").asLong()).isEqualTo(150);
        assertThat(count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'debt_repayment' AND amount = 150"))
                .isEqualTo(1);
        // The affiliate view of the same holder agrees: one debt, one available balance.
        Http.Answer affiliate = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/account/affiliate"))
                                .header("Cookie", cookie)
                                .GET(),
                        false);
        assertThat(affiliate.status()).as(affiliate.body()).isEqualTo(200);
        assertThat(affiliate.json().at("/earnings/debt").asLong()).isZero();
    }

    @Test
    void aSubStoreOrderThatCameThroughAReferralPaysTheCommissionOnTheMerchantsPriceNotTheMarkup() throws Exception {
        String cookie = approvedReseller("shop-one");
        markup(cookie, "fixed", MARKUP);
        Http.Answer rule = store.http()
                .adminPostJson(
                        "/api/admin/affiliates/rules",
                        Map.of("scope", "store", "target", "", "level", 1, "kind", "percent", "amount", 1000));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        String affiliate = signIn("affiliate@example.com");
        Http.Answer joined = postAs(affiliate, "/api/account/affiliate", Map.of());
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        String code = joined.json().get("code").asText();

        Map<String, Object> body =
                new HashMap<>(Map.of("productId", product, "quantity", 1, "email", "guest@example.com"));
        body.put("channel", "sandbox");
        body.put("ref", code);
        Http.Answer placed = store.http().postJson("/api/s/shop-one/orders", body);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(placed.json().get("amount").asLong()).isEqualTo(PRICE + MARKUP);
        String orderNo = placed.json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, PRICE + MARKUP, "T-" + tradeNo.incrementAndGet())
                        .status())
                .isEqualTo(200);

        long commission = count("SELECT COALESCE(SUM(amount), 0) FROM affiliate_commissions");
        assertThat(commission)
                .as("10% of the merchant's 1000, not of the 1200 the buyer paid")
                .isEqualTo(PRICE / 10);
        assertThat(mine(cookie).at("/earnings/pending/CNY").asLong())
                .as("the markup stays the reseller's whole")
                .isEqualTo(MARKUP);
    }

    @Test
    void onlyAnApprovedResellerSellsAndTheMerchantsDecisionsHappenOnce() throws Exception {
        String cookie = signIn(RESELLER);
        Http.Answer applied = postAs(cookie, "/api/account/reseller", Map.of("slug", "shop-one", "name", "Shop One"));
        assertThat(applied.status()).as(applied.body()).isEqualTo(201);
        assertThat(applied.json().get("status").asText()).isEqualTo("applied");
        assertThat(postAs(cookie, "/api/account/reseller", Map.of("slug", "shop-two", "name", "Again"))
                        .errorCode())
                .isEqualTo("already_applied");
        Http.Answer badSlug =
                postAs(signIn("other@example.com"), "/api/account/reseller", Map.of("slug", "-X-", "name", "x"));
        assertThat(badSlug.status()).isEqualTo(422);
        assertThat(postAs(
                                signIn("third@example.com"),
                                "/api/account/reseller",
                                Map.of("slug", "shop-one", "name", "Copy"))
                        .errorCode())
                .isEqualTo("slug_taken");
        assertThat(store.http().get("/api/s/shop-one").status())
                .as("not approved yet")
                .isEqualTo(404);

        long id = applied.json().get("id").asLong();
        assertThat(store.http()
                        .adminPostJson("/api/admin/resellers/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(200);
        Http.Answer twice = store.http().adminPostJson("/api/admin/resellers/" + id + "/approve", Map.of());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.errorCode()).isEqualTo("invalid_transition");
        assertThat(store.http().get("/api/s/shop-one").status()).isEqualTo(200);

        assertThat(store.http()
                        .adminPostJson("/api/admin/resellers/" + id + "/suspend", Map.of())
                        .status())
                .isEqualTo(200);
        Http.Answer closed = placeOnSubStore("shop-one", "guest@example.com");
        assertThat(closed.status()).isEqualTo(404);
        assertThat(closed.errorCode()).isEqualTo("store_not_found");
        assertThat(store.http().adminGet("/api/admin/audit").body())
                .contains("reseller.approve")
                .contains("reseller.suspend");

        Http.Answer theme = putAs(cookie, "/api/account/reseller", Map.of("theme", "no-such-theme"));
        assertThat(theme.status()).isEqualTo(422);
        Http.Answer settings = putAs(
                cookie,
                "/api/account/reseller",
                Map.of("name", "Shop One Plus", "announcement", "Open 24/7", "theme", "default"));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        assertThat(settings.json().get("theme").asText()).isEqualTo("default");
    }

    @Test
    void aWholesaleOrderThroughTheResellerTokenIsPaidFromTheBalanceAtTheMerchantsPrice() throws Exception {
        String cookie = approvedReseller("shop-one");
        markup(cookie, "fixed", MARKUP);
        earnAvailable(5); // 5 x 200 = 1000 available
        Http.Answer token = postAs(cookie, "/api/account/reseller/token", Map.of());
        assertThat(token.status()).isEqualTo(201);
        String bearer = token.json().get("token").asText();
        long plainStored = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM reseller_tokens WHERE token_hash = :t")
                        .bind("t", bearer)
                        .mapTo(Long.class)
                        .one());
        assertThat(plainStored).as("only a keyed hash is stored").isZero();

        Http.Answer bought = wholesale(bearer, 1);
        assertThat(bought.status()).as(bought.body()).isEqualTo(201);
        assertThat(bought.json().get("amount").asLong())
                .as("the merchant's price, no markup")
                .isEqualTo(PRICE);
        assertThat(bought.json().get("status").asText()).isEqualTo("delivered");
        assertThat(mine(cookie).at("/earnings/available/CNY").asLong()).isZero();

        Http.Answer short_ = wholesale(bearer, 1);
        assertThat(short_.status()).isEqualTo(409);
        assertThat(short_.errorCode()).isEqualTo("insufficient_balance");
        assertThat(wholesale("rs_not-a-token", 1).status()).isEqualTo(401);

        // A refund of a wholesale order goes back to the balance that paid it.
        refund(bought.json().get("orderNo").asText());
        assertThat(mine(cookie).at("/earnings/available/CNY").asLong()).isEqualTo(PRICE);
    }

    @Test
    void aWholesaleBalancePaymentRacingAWithdrawalNeverOverdraws() throws Exception {
        String cookie = approvedReseller("shop-one");
        markup(cookie, "fixed", MARKUP);
        earnAvailable(5); // 1000 available: enough for the order or the withdrawal, not both
        String bearer = postAs(cookie, "/api/account/reseller/token", Map.of())
                .json()
                .get("token")
                .asText();
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> outcome(wholesale(bearer, 1), "bought"));
            calls.add(() -> outcome(
                    postAs(cookie, "/api/account/affiliate/withdrawals", Map.of("amount", PRICE, "currency", "CNY")),
                    "withdrawn"));
        }
        List<String> outcomes = Concurrently.fireTogether(calls);
        assertThat(outcomes)
                .allMatch(o -> o.equals("bought") || o.equals("withdrawn") || o.equals("insufficient_balance"));
        assertThat(outcomes.stream()
                        .filter(o -> !o.equals("insufficient_balance"))
                        .count())
                .as(outcomes.toString())
                .isEqualTo(1);
        assertThat(mine(cookie).at("/earnings/available/CNY").asLong()).isZero();
    }

    /**
     * Twenty sub-store orders earn 200 each, all available (4000). Then fifty operations at once, on both nodes where
     * there are two: the 20 refunds, 20 withdrawal requests of 200 and 10 more sub-store orders. Whatever wins: nothing
     * below zero, every refunded markup reversed in full, and what is left available is exactly the earnings minus the
     * withdrawals and what the reversals took back (the rest is recorded debt).
     */
    @Test
    void fiftySubStoreOrdersRefundsAndWithdrawalsRacingOnOneResellerKeepTheLedgerWhole() throws Exception {
        String cookie = approvedReseller("shop-one");
        markup(cookie, "fixed", MARKUP);
        List<String> orders = earnAvailable(20);

        List<Callable<String>> calls = new ArrayList<>();
        for (String orderNo : orders) {
            calls.add(() -> {
                Http.Answer a = node().http()
                        .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "race"));
                return a.status() < 300 ? "refunded" : a.status() + " " + a.body();
            });
        }
        for (int i = 0; i < 20; i++) {
            calls.add(() -> outcome(
                    postAs(
                            node(),
                            cookie,
                            "/api/account/affiliate/withdrawals",
                            Map.of("amount", MARKUP, "currency", "CNY")),
                    "withdrawn"));
        }
        for (int i = 0; i < 10; i++) {
            int n = i;
            calls.add(() -> {
                Http.Answer placed = placeOn(node(), "shop-one", "late" + n + "@example.com");
                if (placed.status() != 201) {
                    return placed.status() + " " + placed.body();
                }
                Http.Answer paid = node().notifySandbox(
                                placed.json().get("orderNo").asText(),
                                placed.json().get("amount").asLong(),
                                "T-" + tradeNo.incrementAndGet());
                return paid.status() == 200 ? "sold" : "notify " + paid.status();
            });
        }
        List<String> outcomes = Concurrently.fireTogether(calls);

        assertThat(outcomes)
                .allMatch(o -> o.equals("refunded")
                        || o.equals("withdrawn")
                        || o.equals("sold")
                        || o.equals("insufficient_balance"));
        assertThat(outcomes.stream().filter("refunded"::equals).count()).isEqualTo(20);
        assertThat(outcomes.stream().filter("sold"::equals).count()).isEqualTo(10);
        long withdrawn = outcomes.stream().filter("withdrawn"::equals).count();
        JsonNode me = mine(cookie);
        long available = me.at("/earnings/available/CNY").asLong();
        long debt = me.at("/earnings/debt").asLong();
        assertThat(available).isNotNegative();
        assertThat(me.at("/earnings/withdrawing/CNY").asLong()).isEqualTo(MARKUP * withdrawn);
        assertThat(me.at("/earnings/pending/CNY").asLong())
                .as("the 10 late orders, pending")
                .isEqualTo(10 * MARKUP);
        long reversedInFull = 0;
        for (JsonNode o : me.get("orders")) {
            if (orders.contains(o.get("orderNo").asText())) {
                assertThat(o.get("reversed").asLong()).isEqualTo(MARKUP);
                reversedInFull++;
            }
        }
        assertThat(reversedInFull).isEqualTo(20);
        // Earned 4000; withdrawn 200 each; reversals took 4000 minus the debt.
        assertThat(available).isEqualTo(20 * MARKUP - MARKUP * withdrawn - (20 * MARKUP - debt));
    }

    // --- helpers ---

    /** Sells {@code n} sub-store orders and lets their window pass: n x markup available. */
    List<String> earnAvailable(int n) {
        List<String> sold = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sold.add(buyOnSubStore("shop-one", "guest" + i + "@example.com"));
        }
        clock.advance(Duration.ofDays(8));
        assertThat(store.app().resellerEarnings().releaseDue()).isEqualTo(n);
        return sold;
    }

    static String outcome(Http.Answer a, String success) {
        return a.status() == 201 ? success : a.errorCode();
    }

    Http.Answer wholesale(String bearer, int quantity) {
        return node().http()
                .send(
                        HttpRequest.newBuilder(node().http().uri("/api/reseller/orders"))
                                .header("Authorization", "Bearer " + bearer)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        Http.toJson(Map.of("productId", product, "quantity", quantity)))),
                        false);
    }

    String approvedReseller(String slug) throws Exception {
        String cookie = signIn(RESELLER);
        Http.Answer applied = postAs(cookie, "/api/account/reseller", Map.of("slug", slug, "name", "Shop " + slug));
        assertThat(applied.status()).as(applied.body()).isEqualTo(201);
        Http.Answer approved = store.http()
                .adminPostJson(
                        "/api/admin/resellers/" + applied.json().get("id").asLong() + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("approved");
        return cookie;
    }

    void markup(String cookie, String kind, long amount) {
        Http.Answer put =
                putAs(cookie, "/api/account/reseller/markups/" + product, Map.of("kind", kind, "amount", amount));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    long subStorePrice(String slug) {
        Http.Answer shop = store.http().get("/api/s/" + slug);
        assertThat(shop.status()).as(shop.body()).isEqualTo(200);
        for (JsonNode p : shop.json().get("products")) {
            if (p.get("id").asLong() == product) {
                return p.get("price").asLong();
            }
        }
        throw new AssertionError("product not on the sub-store: " + shop.body());
    }

    Http.Answer placeOnSubStore(String slug, String email) {
        return placeOn(store, slug, email);
    }

    Http.Answer placeOn(TestStore node, String slug, String email) {
        return node.http()
                .postJson(
                        "/api/s/" + slug + "/orders",
                        new HashMap<>(
                                Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox")));
    }

    String buyOnSubStore(String slug, String email) {
        Http.Answer placed = placeOnSubStore(slug, email);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderNo = placed.json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, placed.json().get("amount").asLong(), "T-" + tradeNo.incrementAndGet())
                        .status())
                .isEqualTo(200);
        assertThat(order(orderNo).get("status").asText()).isEqualTo("delivered");
        return orderNo;
    }

    JsonNode order(String orderNo) {
        Http.Answer a = store.http().adminGet("/api/admin/orders/" + orderNo);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().has("order") ? a.json().get("order") : a.json();
    }

    void refund(String orderNo) {
        Http.Answer refund = store.http()
                .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "changed mind"));
        assertThat(refund.status()).as(refund.body()).isBetween(200, 201);
        // "pending" is a correct answer too (the API's contract): on two nodes the other node's refund sweeper can
        // claim the new refund first and send it itself. Either way the sandbox refunds it at once.
        String refundId = refund.json().get("refundId").asText();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        String status = refund.json().get("status").asText();
        while (status.equals("pending") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            status = "pending";
            for (JsonNode r : store.http().adminGet("/api/admin/refunds").json()) {
                if (r.path("refundId").asText().equals(refundId)) {
                    status = r.path("status").asText();
                }
            }
        }
        assertThat(status).isEqualTo("succeeded");
    }

    JsonNode mine(String cookie) {
        Http.Answer a = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/account/reseller"))
                                .header("Cookie", cookie)
                                .GET(),
                        false);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    Http.Answer postAs(String cookie, String path, Object body) {
        return postAs(store, cookie, path, body);
    }

    Http.Answer postAs(TestStore node, String cookie, String path, Object body) {
        return node.http()
                .send(
                        HttpRequest.newBuilder(node.http().uri(path))
                                .header("Cookie", cookie)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(body))),
                        false);
    }

    Http.Answer putAs(String cookie, String path, Object body) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Cookie", cookie)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(Http.toJson(body))),
                        false);
    }

    String signIn(String email) throws Exception {
        return store.signInBuyer(smtp, email);
    }

    long count(String sql) {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx).createQuery(sql).mapTo(Long.class).one());
    }
}
