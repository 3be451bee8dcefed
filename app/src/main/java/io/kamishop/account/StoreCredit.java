package io.kamishop.account;

import io.kamishop.audit.AuditLog;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.ledger.AccountKind;
import io.kamishop.ledger.AccountRef;
import io.kamishop.ledger.Ledger;
import io.kamishop.ledger.Posting;
import io.kamishop.ledger.Transfer;
import io.kamishop.ledger.TransferKind;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A buyer account's balance (store credit), kept in the ledger: the merchant grants it, and each grant
 * is one transfer from the store's account. The one use case behind the admin API and the admin page:
 * each grant is audited ({@code buyer.credit}, who gave what to whom) in the transaction that posts it.
 */
public final class StoreCredit {

    /** Larger grants are a typo, not a gift: 100 million in major units of any currency. */
    static final long MAX_GRANT = 10_000_000_000L;

    private final Database database;
    private final Ledger ledger;
    private final BuyerSignIn accounts;
    private final AuditLog audit;

    public StoreCredit(Database database, Ledger ledger, BuyerSignIn accounts, AuditLog audit) {
        this.database = database;
        this.ledger = ledger;
        this.accounts = accounts;
        this.audit = audit;
    }

    /**
     * Grants {@code amount} minor units to the address's account (made if it has none yet). The same
     * {@code idempotencyKey} again grants once and answers the first grant; without one every call grants.
     * A grant is audited once, with it: a replay neither grants nor audits again.
     *
     * @param actor who grants, as the audit trail names admins ({@code user:<name>}, a token's name)
     * @param ip    the admin's address, as the audit trail records it
     */
    public Transfer grant(
            String email,
            long amount,
            String currency,
            @Nullable String idempotencyKey,
            String memo,
            @Nullable String actor,
            @Nullable String ip) {
        if (amount <= 0 || amount > MAX_GRANT) {
            throw Refusal.invalid("invalid_amount", "amount must be 1 to " + MAX_GRANT + " minor units");
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw Refusal.invalid("invalid_currency", "currency must be a three-letter code such as USD");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 64)) {
            throw Refusal.invalid("invalid_idempotency_key", "idempotencyKey must be 1 to 64 characters");
        }
        BuyerAccount account = accounts.accountOf(email);
        String reference = "grant:" + (idempotencyKey != null ? "key:" + idempotencyKey : Tokens.random());
        return database.write(tx -> {
            boolean replay = ledger.payer(tx, reference).isPresent();
            Transfer granted = ledger.post(
                    tx,
                    new Posting(
                            reference,
                            TransferKind.GRANT,
                            AccountRef.store(currency),
                            AccountRef.buyerCredit(account.id(), currency),
                            amount,
                            memo));
            if (!replay) {
                audit.append(
                        tx,
                        actor == null ? "unknown" : actor,
                        "buyer.credit",
                        ip == null ? "" : ip,
                        granted.amount() + " " + granted.currency() + " to buyer " + account.id() + " ("
                                + granted.reference() + ")");
            }
            return granted;
        });
    }

    /** The account's balance in each currency it ever held. */
    public Map<String, Long> balances(BuyerAccount account) {
        return ledger.balances(AccountKind.BUYER_CREDIT, Long.toString(account.id()));
    }
}
