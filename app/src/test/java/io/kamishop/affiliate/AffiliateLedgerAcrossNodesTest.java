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
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The affiliate ledger on two app nodes sharing one PostgreSQL schema (issue 24's acceptance): orders, refunds and
 * withdrawals racing on one affiliate, half through each node, and refunds of two-level orders racing each other.
 * The ledger invariants hold after both, and no transaction had to be run again because PostgreSQL broke a deadlock.
 */
@PostgresTest
class AffiliateLedgerAcrossNodesTest {

    private static final long PRICE = 1000;

    private GreenMail smtp;
    private TestNodes nodes;
    private TestStore a;
    private TestStore b;
    private MutableClock clock;
    private long product;
    private final AtomicInteger tradeNo = new AtomicInteger();

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        clock = MutableClock.now();
        nodes = TestNodes.onFreshSchema(clock);
        // The tests release commissions themselves; the sweeper would race them.
        a = nodes.startNode(nodes.builder()
                .env(
                        "KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS",
                        Long.toString(Duration.ofDays(1).toMillis())));
        b = nodes.startNode(nodes.builder()
                .env(
                        "KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS",
                        Long.toString(Duration.ofDays(1).toMillis())));
        a.mailThrough(smtp.getSmtp().getPort());
        assertThat(a.http()
                        .adminPutJson(
                                "/api/admin/settings", Map.of("affiliateHoldDays", "7", "affiliateWindowDays", "30"))
                        .status())
                .isEqualTo(200);
        product = a.createProduct("Gift card", PRICE, "CNY");
        a.importKeys(product, IntStream.range(0, 120).mapToObj(i -> "GIFT-" + i).toList());
        rule("store", "", 1, "percent", 1000); // 100 at level 1
        rule("store", "", 2, "fixed", 20); // 20 at level 2
    }

    @AfterEach
    void stop() {
        try {
            LedgerInvariants.hold(a.app().database());
            Invariants.noKeyInTwoOrders(a.app().database());
            Invariants.deliveredOrdersHaveTheirKeys(a.app().database());
        } finally {
            nodes.close();
            smtp.stop();
        }
    }

    /**
     * Twenty orders through the level-1 affiliate are released (2,000 available to them, 400 to their referrer). Then
     * fifty operations at once, alternating nodes: 15 new orders through the link, the 20 orders' refunds, and 15
     * withdrawal requests of 100. Every refund reverses in full: what was withdrawn is exactly the debt.
     */
    @Test
    void fiftyOrdersRefundsAndWithdrawalsOnOneAffiliateAcrossTwoNodesKeepTheLedger() throws Exception {
        Affiliates two = twoLevels();
        List<String> released = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            released.add(buyAndPay(i % 2 == 0 ? a : b, "early" + i + "@example.com", two.midCode));
        }
        clock.advance(Duration.ofDays(8));
        assertThat(a.app().commissions().releaseDue()).isEqualTo(40);
        long retriedBefore = retried();

        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            TestStore node = i % 2 == 0 ? a : b;
            int n = i;
            if (i % 10 < 3) {
                calls.add(() -> {
                    buyAndPay(node, "late" + n + "@example.com", two.midCode);
                    return "ordered";
                });
            } else if (i % 10 < 7) {
                String orderNo = released.remove(0);
                calls.add(() -> {
                    Http.Answer r = node.http()
                            .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "race"));
                    return r.status() < 300 ? "refunded" : r.status() + " " + r.body();
                });
            } else {
                calls.add(() -> {
                    Http.Answer w = postAs(
                            node,
                            two.midCookie,
                            "/api/account/affiliate/withdrawals",
                            Map.of("amount", 100, "currency", "CNY"));
                    return w.status() == 201 ? "withdrawn" : w.errorCode();
                });
            }
        }
        List<String> outcomes = Concurrently.fireTogether(calls);

        assertThat(outcomes)
                .allMatch(o -> o.equals("ordered")
                        || o.equals("refunded")
                        || o.equals("withdrawn")
                        || o.equals("insufficient_balance"));
        assertThat(outcomes.stream().filter("ordered"::equals).count()).isEqualTo(15);
        assertThat(outcomes.stream().filter("refunded"::equals).count()).isEqualTo(20);
        long withdrawn = outcomes.stream().filter("withdrawn"::equals).count();
        JsonNode mid = affiliate(two.midCode);
        assertThat(mid.at("/earnings/withdrawing/CNY").asLong()).isEqualTo(100 * withdrawn);
        assertThat(mid.get("earnings").get("debt").asLong()).isEqualTo(100 * withdrawn);
        assertThat(mid.at("/earnings/available/CNY").asLong()).isZero();
        assertThat(mid.at("/earnings/pending/CNY").asLong())
                .as("the 15 new orders' commissions")
                .isEqualTo(1500);
        assertThat(mid.get("orders").asLong()).isEqualTo(35);
        JsonNode top = affiliate(two.topCode);
        assertThat(top.at("/earnings/available/CNY").asLong())
                .as("every level-2 commission reversed too")
                .isZero();
        assertThat(top.at("/earnings/pending/CNY").asLong()).isEqualTo(15 * 20);
        assertThat(retried() - retriedBefore)
                .as("transactions PostgreSQL aborted to break a deadlock")
                .isZero();
    }

    /**
     * Balance-paid orders from the affiliate's own buyers (paid and delivered in one transaction: buyer &rarr; store,
     * and store &rarr; both affiliates' pending rows) racing refunds of released balance-paid orders (affiliates'
     * available &rarr; store, store &rarr; the buyer's balance) and the affiliate's withdrawals (available &rarr; held,
     * no store row), half on each node. Every transaction takes the store's ledger row before any other one
     * ({@code Ledger.lockInOrder}), so none waits in a cycle: no 5xx, no deadlock broken, the ledger holds.
     */
    @Test
    void balancePaidOrdersFromAnAffiliatesBuyersRacingRefundsAndWithdrawalsOnTwoNodesNeverDeadlock() throws Exception {
        Affiliates two = twoLevels();
        List<String> wallets = new ArrayList<>();
        // Each wallet pays for up to six orders (three before the race, three in it) at 1000 CNY. The credit covers
        // them all without counting on a racing refund to land first, so "ordered" never depends on scheduling.
        for (int i = 0; i < 4; i++) {
            String email = "wallet" + i + "@example.com";
            wallets.add(a.signInBuyer(smtp, email));
            Http.Answer granted = a.http()
                    .adminPostJson(
                            "/api/admin/buyers/credit", Map.of("email", email, "amount", 10_000, "currency", "CNY"));
            assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        }
        List<String> released = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Http.Answer paid = payFromBalance(i % 2 == 0 ? a : b, wallets.get(i % 4), two.midCode);
            assertThat(paid.status()).as(paid.body()).isEqualTo(201);
            released.add(paid.json().get("orderNo").asText());
        }
        clock.advance(Duration.ofDays(8));
        assertThat(a.app().commissions().releaseDue()).isEqualTo(20);
        long retriedBefore = retried();

        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            TestStore node = i % 2 == 0 ? a : b;
            String wallet = wallets.get(i % 4);
            if (i % 3 == 0) {
                calls.add(() -> {
                    Http.Answer paid = payFromBalance(node, wallet, two.midCode);
                    return paid.status() == 201 ? "ordered" : paid.status() + " " + paid.body();
                });
            } else if (i % 3 == 1) {
                String orderNo = released.remove(0);
                calls.add(() -> {
                    Http.Answer r = node.http()
                            .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "race"));
                    return r.status() < 300 ? "refunded" : r.status() + " " + r.body();
                });
            } else {
                calls.add(() -> {
                    Http.Answer w = postAs(
                            node,
                            two.midCookie,
                            "/api/account/affiliate/withdrawals",
                            Map.of("amount", 100, "currency", "CNY"));
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
        assertThat(outcomes.stream().filter("ordered"::equals).count()).isEqualTo(10);
        assertThat(outcomes.stream().filter("refunded"::equals).count()).isEqualTo(10);
        JsonNode mid = affiliate(two.midCode);
        assertThat(mid.at("/earnings/pending/CNY").asLong())
                .as("the 10 new balance-paid orders' commissions")
                .isEqualTo(1000);
        assertThat(retried() - retriedBefore)
                .as("transactions PostgreSQL aborted to break a deadlock")
                .isZero();
    }

    private Http.Answer payFromBalance(TestStore node, String session, String ref) {
        return node.http()
                .send(
                        HttpRequest.newBuilder(node.http().uri("/api/account/orders"))
                                .header("Cookie", session)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        Http.toJson(Map.of("productId", product, "quantity", 1, "ref", ref)))),
                        false);
    }

    /**
     * Refunds of orders whose reversals lock two affiliates (a two-level order: the level-1 affiliate, then their
     * referrer) racing refunds that lock the referrer alone (their own direct orders), on two nodes. The affiliates'
     * ledger rows are made before the store's here, so the per-movement id order would take them before the store's
     * row: two refunds could each hold one affiliate's row and wait for the other's. Commissions lock every row they
     * will move first, in the ledger's one order, so none waits in a cycle.
     */
    @Test
    void concurrentTwoLevelReversalsOnTwoNodesNeverDeadlock() throws Exception {
        Affiliates two = twoLevels();
        a.app().database().write(tx -> {
            for (long id : List.of(two.midId, two.topId)) {
                for (String kind : List.of("affiliate_pending", "affiliate_available")) {
                    Handles.of(tx)
                            .createUpdate(
                                    "INSERT INTO ledger_accounts (kind, owner, currency, balance, overdraft_allowed, created_at) "
                                            + "VALUES (:kind, :owner, 'CNY', 0, 0, 0)")
                            .bind("kind", kind)
                            .bind("owner", "affiliate:" + id)
                            .execute();
                }
            }
            return null;
        });
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            orders.add(buyAndPay(a, "two" + i + "@example.com", two.midCode));
            orders.add(buyAndPay(b, "one" + i + "@example.com", two.topCode));
        }
        long storeId = a.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT id FROM ledger_accounts WHERE kind = 'store'")
                        .mapTo(Long.class)
                        .one());
        long highestAffiliate = a.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT MAX(id) FROM ledger_accounts WHERE owner LIKE 'affiliate:%'")
                        .mapTo(Long.class)
                        .one());
        assertThat(storeId)
                .as("the store's row comes after the affiliates' in id order")
                .isGreaterThan(highestAffiliate);
        long retriedBefore = retried();

        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            TestStore node = i % 2 == 0 ? a : b;
            String orderNo = orders.get(i);
            calls.add(() -> {
                Http.Answer r =
                        node.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "race"));
                return r.status() < 300 ? "refunded" : r.status() + " " + r.body();
            });
        }
        long started = System.nanoTime();
        List<String> outcomes = Concurrently.fireTogether(calls);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(outcomes).as("took " + millis + " ms").containsOnly("refunded");
        assertThat(affiliate(two.midCode).at("/earnings/pending/CNY").asLong()).isZero();
        assertThat(affiliate(two.topCode).at("/earnings/pending/CNY").asLong()).isZero();
        long notReversed = a.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM affiliate_commissions WHERE status <> 'reversed'")
                        .mapTo(Long.class)
                        .one());
        assertThat(notReversed).isZero();
        assertThat(retried() - retriedBefore)
                .as("transactions PostgreSQL aborted to break a deadlock (" + millis + " ms)")
                .isZero();
    }

    private record Affiliates(String topCode, long topId, String midCode, long midId, String midCookie) {}

    /** A top affiliate, and a mid one who arrived through the top's link signed in (so the top earns level 2 on the mid's orders). */
    private Affiliates twoLevels() throws Exception {
        String topCookie = signIn(a, "top@example.com");
        JsonNode top = join(a, topCookie);
        String midCookie = signIn(b, "mid@example.com");
        b.http()
                .send(
                        HttpRequest.newBuilder(
                                        b.http().uri("/?ref=" + top.get("code").asText()))
                                .header("Cookie", midCookie)
                                .GET(),
                        false);
        JsonNode mid = join(b, midCookie);
        assertThat(mid.get("referredBy").asLong()).isEqualTo(top.get("id").asLong());
        return new Affiliates(
                top.get("code").asText(),
                top.get("id").asLong(),
                mid.get("code").asText(),
                mid.get("id").asLong(),
                midCookie);
    }

    private long retried() {
        return a.app().database().retriedTransactions() + b.app().database().retriedTransactions();
    }

    private String buyAndPay(TestStore node, String email, String ref) {
        Http.Answer placed = node.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox", "ref", ref));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderNo = placed.json().get("orderNo").asText();
        assertThat(node.notifySandbox(orderNo, placed.json().get("amount").asLong(), "T-" + tradeNo.incrementAndGet())
                        .status())
                .isEqualTo(200);
        return orderNo;
    }

    private JsonNode affiliate(String code) {
        for (JsonNode listed : a.http().adminGet("/api/admin/affiliates").json().get("affiliates")) {
            if (listed.get("code").asText().equals(code)) {
                return a.http()
                        .adminGet("/api/admin/affiliates/" + listed.get("id").asLong())
                        .json();
            }
        }
        throw new AssertionError("no affiliate " + code);
    }

    private void rule(String scope, String target, int level, String kind, long amount) {
        Http.Answer put = a.http()
                .adminPostJson(
                        "/api/admin/affiliates/rules",
                        Map.of("scope", scope, "target", target, "level", level, "kind", kind, "amount", amount));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
    }

    private JsonNode join(TestStore node, String cookie) {
        Http.Answer joined = postAs(node, cookie, "/api/account/affiliate", Map.of());
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        return joined.json();
    }

    private static Http.Answer postAs(TestStore node, String cookie, String path, Object body) {
        return node.http()
                .send(
                        HttpRequest.newBuilder(node.http().uri(path))
                                .header("Cookie", cookie)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(body))),
                        false);
    }

    private String signIn(TestStore node, String email) throws Exception {
        return node.signInBuyer(smtp, email);
    }
}
