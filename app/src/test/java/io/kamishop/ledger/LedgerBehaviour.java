package io.kamishop.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import io.kamishop.domain.Refusal;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's promises, run on SQLite ({@link LedgerTest}) and PostgreSQL ({@link LedgerOnPostgresTest}).
 * The invariants are checked after every test, whatever it did.
 */
abstract class LedgerBehaviour {

    static final AccountRef STORE = AccountRef.store("USD");
    static final AccountRef BUYER = AccountRef.buyerCredit(7, "USD");
    static final AccountRef HELD = new AccountRef(AccountKind.WITHDRAWAL_HELD, "buyer:7", "USD");

    final MutableClock clock = MutableClock.now();
    Database db;
    Ledger ledger;

    /** A fresh, migrated database of the kind under test. */
    abstract Database openDatabase();

    /** Closes the database and removes what {@link #openDatabase()} made. */
    abstract void dropDatabase();

    Ledger ledger() {
        if (ledger == null) {
            db = openDatabase();
            ledger = new Ledger(db, clock);
        }
        return ledger;
    }

    @AfterEach
    void ledgerInvariantsHoldAfterEveryTest() {
        if (db != null) {
            try {
                LedgerInvariants.hold(db);
            } finally {
                db.close();
                dropDatabase();
            }
        }
    }

    Transfer post(String reference, TransferKind kind, AccountRef from, AccountRef to, long amount) {
        return db.write(tx -> ledger().post(tx, new Posting(reference, kind, from, to, amount, "")));
    }

    @Test
    void grantAndSpendAreBalancedPairsAndBalancesAreTheirSums() {
        ledger();
        post("grant:1", TransferKind.GRANT, STORE, BUYER, 1000);
        post("order:A:balance", TransferKind.ORDER_PAYMENT, BUYER, STORE, 300);

        assertThat(ledger.balance(BUYER)).isEqualTo(700);
        assertThat(ledger.balance(STORE))
                .as("the store may go below zero: it gave credit")
                .isEqualTo(-700);
        List<Entry> statement = ledger.statement(BUYER, 0, 10);
        assertThat(statement).extracting(Entry::amount).containsExactly(-300L, 1000L);
        assertThat(statement).extracting(Entry::kind).containsExactly("order_payment", "grant");
    }

    @Test
    void postingAReferenceAgainMovesTheMoneyOnce() {
        ledger();
        Transfer first = post("grant:once", TransferKind.GRANT, STORE, BUYER, 500);
        Transfer again = post("grant:once", TransferKind.GRANT, STORE, BUYER, 500);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(ledger.balance(BUYER)).isEqualTo(500);
    }

    @Test
    void aReferenceReusedForAnotherMovementIsRefusedAndChangesNothing() {
        ledger();
        post("grant:2", TransferKind.GRANT, STORE, BUYER, 500);

        assertThatThrownBy(() -> post("grant:2", TransferKind.GRANT, STORE, BUYER, 900))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo("ledger_reference_reused"));
        assertThat(ledger.balance(BUYER)).isEqualTo(500);
    }

    @Test
    void spendingMoreThanTheBalanceIsRefusedAndChangesNothing() {
        ledger();
        post("grant:3", TransferKind.GRANT, STORE, BUYER, 100);

        assertThatThrownBy(() -> post("order:B:balance", TransferKind.ORDER_PAYMENT, BUYER, STORE, 101))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo("insufficient_balance"));
        assertThat(ledger.balance(BUYER)).isEqualTo(100);
        assertThat(transfers())
                .as("the refused transfer's row went with its transaction")
                .isEqualTo(1);
    }

    @Test
    void aPostingCommitsOrRollsBackWithTheChangeThatCausedIt() {
        ledger();
        post("grant:4", TransferKind.GRANT, STORE, BUYER, 100);

        assertThatThrownBy(() -> db.write(tx -> {
                    ledger.post(tx, new Posting("order:C:balance", TransferKind.ORDER_PAYMENT, BUYER, STORE, 60, ""));
                    throw new IllegalStateException("the order change failed after the money moved");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(ledger.balance(BUYER)).isEqualTo(100);
        assertThat(transfers()).isEqualTo(1);
    }

    /**
     * Fifty transactions at once on one buyer's balance: spends and withdrawals asking for far more than it
     * holds, and refunds adding to it, in both directions between the same accounts. Every refusal is a
     * clean insufficient_balance, the balance is exactly what the successful ones add up to, and it never
     * went below zero.
     */
    @Test
    void fiftyRacingSpendsRefundsAndWithdrawalsNeverOverdrawOneAccount() throws Exception {
        ledger();
        post("grant:race", TransferKind.GRANT, STORE, BUYER, 500);
        AtomicInteger spent = new AtomicInteger();
        AtomicInteger withdrawn = new AtomicInteger();
        AtomicInteger refunded = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Callable<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            calls.add(() -> {
                try {
                    switch (n % 10) {
                        case 0, 1, 2, 3 -> {
                            post("order:R" + n + ":balance", TransferKind.ORDER_PAYMENT, BUYER, STORE, 30);
                            spent.incrementAndGet();
                        }
                        case 4, 5, 6 -> {
                            post("withdrawal:" + n, TransferKind.WITHDRAWAL_REQUEST, BUYER, HELD, 50);
                            withdrawn.incrementAndGet();
                        }
                        default -> {
                            post("refund:R" + n, TransferKind.REFUND_TO_BALANCE, STORE, BUYER, 10);
                            refunded.incrementAndGet();
                        }
                    }
                } catch (Refusal r) {
                    assertThat(r.code()).isEqualTo("insufficient_balance");
                    refused.incrementAndGet();
                }
                return null;
            });
        }
        Concurrently.fireTogether(calls);

        assertThat(refunded.get()).as("refunds add money and are never refused").isEqualTo(15);
        assertThat(refused.get())
                .as("20 spends of 30 and 15 withdrawals of 50 ask for more than 500 + 150")
                .isPositive();
        assertThat(spent.get() + withdrawn.get() + refunded.get() + refused.get())
                .isEqualTo(50);
        long expected = 500 + 10L * refunded.get() - 30L * spent.get() - 50L * withdrawn.get();
        assertThat(ledger.balance(BUYER)).isEqualTo(expected).isNotNegative();
        assertThat(ledger.balance(HELD)).isEqualTo(50L * withdrawn.get());
        assertThat(transfers()).isEqualTo(1 + spent.get() + withdrawn.get() + refunded.get());
    }

    @Test
    void racingFirstMovementsOpenTheAccountOnce() throws Exception {
        ledger();
        Concurrently.race(
                20,
                () -> post(
                        "grant:first:" + System.nanoTime() + ":"
                                + Thread.currentThread().getId(),
                        TransferKind.GRANT,
                        STORE,
                        AccountRef.buyerCredit(99, "USD"),
                        5));

        assertThat(ledger.balance(AccountRef.buyerCredit(99, "USD"))).isEqualTo(100);
        long accounts = db.read(tx -> Handles.of(tx)
                .createQuery("SELECT COUNT(*) FROM ledger_accounts WHERE kind = 'buyer_credit' AND owner = '99'")
                .mapTo(Long.class)
                .one());
        assertThat(accounts).isEqualTo(1);
    }

    long transfers() {
        return db.read(tx -> Handles.of(tx)
                .createQuery("SELECT COUNT(*) FROM ledger_transfers")
                .mapTo(Long.class)
                .one());
    }
}
