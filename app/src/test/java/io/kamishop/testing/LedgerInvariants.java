package io.kamishop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import java.util.List;
import java.util.Map;

/**
 * What the ledger promises, checked straight against its tables, for any test that moved money
 * (a race, a refund, a withdrawal) to assert afterwards: {@link #hold(Database)}.
 */
public final class LedgerInvariants {

    private LedgerInvariants() {}

    /** All three, plus: every transfer is exactly one debit and one credit of its amount. */
    public static void hold(Database db) {
        entriesSumToZero(db);
        everyTransferIsABalancedPair(db);
        balancesAreTheSumOfTheirEntries(db);
        noBalanceBelowZero(db);
        noDebtBelowZero(db);
    }

    /** Money is neither made nor lost: all entries, in each currency, sum to zero. */
    public static void entriesSumToZero(Database db) {
        List<Map<String, Object>> unbalanced =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT a.currency, SUM(e.amount) AS total
                FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                GROUP BY a.currency HAVING SUM(e.amount) <> 0""").mapToMap().list());
        assertThat(unbalanced).as("currencies whose entries do not sum to zero").isEmpty();
    }

    public static void everyTransferIsABalancedPair(Database db) {
        List<Map<String, Object>> wrong =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT t.reference, COUNT(e.id) AS legs, COALESCE(SUM(e.amount), 0) AS total,
                       SUM(CASE WHEN e.account_id = t.debit_id AND e.amount = -t.amount THEN 1 ELSE 0 END) AS debits,
                       SUM(CASE WHEN e.account_id = t.credit_id AND e.amount = t.amount THEN 1 ELSE 0 END) AS credits
                FROM ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
                GROUP BY t.id, t.reference, t.debit_id, t.credit_id, t.amount
                HAVING COUNT(e.id) <> 2 OR COALESCE(SUM(e.amount), 0) <> 0
                    OR SUM(CASE WHEN e.account_id = t.debit_id AND e.amount = -t.amount THEN 1 ELSE 0 END) <> 1
                    OR SUM(CASE WHEN e.account_id = t.credit_id AND e.amount = t.amount THEN 1 ELSE 0 END) <> 1""").mapToMap().list());
        assertThat(wrong)
                .as("transfers that are not one debit and one credit of their amount")
                .isEmpty();
    }

    public static void balancesAreTheSumOfTheirEntries(Database db) {
        List<Map<String, Object>> drifted =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT a.kind, a.owner, a.currency, a.balance, COALESCE(SUM(e.amount), 0) AS entries
                FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
                GROUP BY a.id, a.kind, a.owner, a.currency, a.balance
                HAVING a.balance <> COALESCE(SUM(e.amount), 0)""").mapToMap().list());
        assertThat(drifted)
                .as("accounts whose balance is not the sum of their entries")
                .isEmpty();
    }

    public static void noBalanceBelowZero(Database db) {
        List<Map<String, Object>> negative =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT a.kind, a.owner, a.currency, SUM(e.amount) AS entries
                FROM ledger_accounts a JOIN ledger_entries e ON e.account_id = a.id
                WHERE a.overdraft_allowed = 0
                GROUP BY a.id, a.kind, a.owner, a.currency
                HAVING SUM(e.amount) < 0""").mapToMap().list());
        assertThat(negative).as("accounts below zero that may not be").isEmpty();
    }

    /** A release pays back at most what its holder owes: no holder's debt (V550) is below zero. */
    public static void noDebtBelowZero(Database db) {
        List<Map<String, Object>> negative =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT holder, currency, SUM(amount) AS owed FROM ledger_debts
                GROUP BY holder, currency HAVING SUM(amount) < 0""").mapToMap().list());
        assertThat(negative).as("holders whose debt is below zero").isEmpty();
    }
}
