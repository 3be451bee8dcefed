package io.kamishop.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.db.Handles;
import io.kamishop.ledger.AccountKind;
import io.kamishop.ledger.AccountRef;
import io.kamishop.ledger.Ledger;
import io.kamishop.ledger.Posting;
import io.kamishop.ledger.TransferKind;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Store credit as a payment channel, on SQLite ({@link BalanceCheckoutTest}) and PostgreSQL
 * ({@link BalanceCheckoutOnPostgresTest}): paying, refusing a short balance, refunding to the balance, and
 * fifty orders, refunds and withdrawals racing on one balance. The ledger and stock invariants are
 * checked after every test.
 */
abstract class BalanceCheckoutBehaviour {

    static final String BUYER = "buyer@example.com";

    GreenMail smtp;
    TestStore store;
    long product;

    abstract TestStore startStore();

    void afterStore() {}

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        store = startStore();
        store.mailThrough(smtp.getSmtp().getPort());
        product = store.createProduct("Gift card", 100, "CNY");
        store.importKeys(
                product, IntStream.range(0, 80).mapToObj(i -> "GIFT-" + i).toList());
    }

    @AfterEach
    void stop() {
        try {
            LedgerInvariants.hold(store.app().database());
            Invariants.noKeyInTwoOrders(store.app().database());
            Invariants.deliveredOrdersHaveTheirKeys(store.app().database());
            Invariants.stockAddsUp(store.app().database(), product, 80);
        } finally {
            store.close();
            smtp.stop();
            afterStore();
        }
    }

    @Test
    void aBalanceOrderIsPaidAndDeliveredAtOnceAndTheMoneyMovesWithIt() throws Exception {
        grant(500);
        String cookie = signIn();

        Http.Answer placed = buy(cookie);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(placed.json().get("status").asText()).isEqualTo("delivered");
        assertThat(placed.json().at("/payment/outcome").asText()).isEqualTo("delivered");
        assertThat(balance(cookie)).isEqualTo(400);
        JsonNode mine = get("/api/account/orders", cookie).json().get("orders");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("keys")).hasSize(1);
    }

    @Test
    void aShortBalanceIsRefusedAndTheOrderGivesItsStockBack() throws Exception {
        grant(50);
        String cookie = signIn();

        Http.Answer refused = buy(cookie);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("insufficient_balance");
        assertThat(balance(cookie)).isEqualTo(50);
        assertThat(store.stock(product).get("available").asLong()).isEqualTo(80);
        assertThat(statuses()).containsOnly("cancelled");
    }

    @Test
    void aGuestCannotPayFromABalance() {
        Http.Answer guest = store.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", product, "quantity", 1, "email", BUYER, "channel", "balance"));
        assertThat(guest.status()).isEqualTo(401);
        assertThat(guest.errorCode()).isEqualTo("not_signed_in");
        assertThat(statuses()).isEmpty();
    }

    @Test
    void aRefundOfABalancePaymentGoesBackToTheBalanceThroughTheRefundService() throws Exception {
        grant(300);
        String cookie = signIn();
        String orderNo = buy(cookie).json().get("orderNo").asText();

        Http.Answer refund = store.http()
                .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "changed mind"));
        assertThat(refund.status()).as(refund.body()).isBetween(200, 201);
        assertThat(refund.json().get("status").asText()).isEqualTo("succeeded");
        Http.Answer again = store.http()
                .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "changed mind"));
        assertThat(again.json().get("status").asText())
                .as("asked again: the same refund")
                .isEqualTo("succeeded");

        assertThat(balance(cookie)).isEqualTo(300);
        assertThat(statuses()).containsExactly("refunded");
    }

    /**
     * One balance, fifty transactions at once: 30 balance orders of 100, 10 refunds of orders paid earlier
     * (+100 each) and 10 withdrawals of 100, against 1000 left. Whatever wins, the balance is exactly what the
     * winners add up to, never below zero, every paid order has its key and every refused one is cancelled.
     */
    @Test
    void fiftyBalanceOrdersRefundsAndWithdrawalsRacingOnOneBalanceNeverOverdrawIt() throws Exception {
        grant(2000);
        String cookie = signIn();
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            earlier.add(buy(cookie).json().get("orderNo").asText());
        }
        long accountId = get("/api/account", cookie).json().get("id").asLong();
        Ledger ledger = new Ledger(store.app().database(), Clock.systemUTC());
        AccountRef credit = AccountRef.buyerCredit(accountId, "CNY");
        AccountRef held = new AccountRef(AccountKind.WITHDRAWAL_HELD, "buyer:" + accountId, "CNY");

        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(() -> {
                Http.Answer a = buy(cookie);
                return a.status() == 201 ? "paid" : a.errorCode();
            });
        }
        for (String orderNo : earlier) {
            calls.add(() -> {
                Http.Answer a = store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of());
                return a.status() < 300 ? "refunded" : a.errorCode();
            });
        }
        for (int i = 0; i < 10; i++) {
            int n = i;
            calls.add(() -> {
                try {
                    store.app()
                            .database()
                            .write(tx -> ledger.post(
                                    tx,
                                    new Posting(
                                            "withdrawal:race:" + n,
                                            TransferKind.WITHDRAWAL_REQUEST,
                                            credit,
                                            held,
                                            100,
                                            "")));
                    return "withdrawn";
                } catch (io.kamishop.domain.Refusal r) {
                    return r.code();
                }
            });
        }
        List<String> outcomes = Concurrently.fireTogether(calls);

        long paid = outcomes.stream().filter("paid"::equals).count();
        long refunded = outcomes.stream().filter("refunded"::equals).count();
        long withdrawn = outcomes.stream().filter("withdrawn"::equals).count();
        assertThat(outcomes)
                .as("every loser is a clean insufficient_balance")
                .allMatch(o -> o.equals("paid")
                        || o.equals("refunded")
                        || o.equals("withdrawn")
                        || o.equals("insufficient_balance"));
        assertThat(refunded).isEqualTo(10);
        assertThat(paid + withdrawn)
                .as("at most 2000 of credit can be spent or withdrawn")
                .isLessThanOrEqualTo(20);
        assertThat(paid + withdrawn).as("more was asked than there was").isLessThan(40);
        long expected = 1000 + 100 * refunded - 100 * paid - 100 * withdrawn;
        assertThat(balance(cookie)).isEqualTo(expected).isNotNegative();
        assertThat(ledger.balance(held)).isEqualTo(100 * withdrawn);
        assertThat(statuses().stream().filter("delivered"::equals).count()).isEqualTo(paid);
        assertThat(statuses().stream().filter("refunded"::equals).count()).isEqualTo(10);
        assertThat(statuses().stream().filter("cancelled"::equals).count()).isEqualTo(30 - paid);
    }

    void grant(long amount) {
        Http.Answer granted = store.http()
                .adminPostJson("/api/admin/buyers/credit", Map.of("email", BUYER, "amount", amount, "currency", "CNY"));
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
    }

    Http.Answer buy(String cookie) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/account/orders"))
                                .header("Cookie", cookie)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        Http.toJson(Map.of("productId", product, "quantity", 1)))),
                        false);
    }

    long balance(String cookie) {
        return get("/api/account", cookie).json().at("/balances/CNY").asLong();
    }

    Http.Answer get(String path, String cookie) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Cookie", cookie)
                                .GET(),
                        false);
    }

    List<String> statuses() {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT status FROM orders ORDER BY id")
                        .mapTo(String.class)
                        .list());
    }

    String signIn() throws Exception {
        return store.signInBuyer(smtp, BUYER);
    }
}
