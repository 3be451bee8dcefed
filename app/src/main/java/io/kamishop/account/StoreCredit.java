package io.kamishop.account;

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

/**
 * A buyer account's balance (store credit), kept in the ledger: the merchant grants it, and each grant
 * is one transfer from the store's account. Behind the admin API and, later, the admin pages.
 */
public final class StoreCredit {

    /** Larger grants are a typo, not a gift: 100 million in major units of any currency. */
    static final long MAX_GRANT = 10_000_000_000L;

    private final Database database;
    private final Ledger ledger;
    private final BuyerSignIn accounts;

    public StoreCredit(Database database, Ledger ledger, BuyerSignIn accounts) {
        this.database = database;
        this.ledger = ledger;
        this.accounts = accounts;
    }

    /**
     * Grants {@code amount} minor units to the address's account (made if it has none yet). The same
     * {@code idempotencyKey} again grants once and answers the first grant; without one every call grants.
     */
    public Transfer grant(String email, long amount, String currency, String idempotencyKey, String memo) {
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
        return database.write(h -> ledger.post(h, new Posting(reference, TransferKind.GRANT, AccountRef.store(currency),
                AccountRef.buyerCredit(account.id(), currency), amount, memo)));
    }

    /** The account's balance in each currency it ever held. */
    public Map<String, Long> balances(BuyerAccount account) {
        return ledger.balances(AccountKind.BUYER_CREDIT, Long.toString(account.id()));
    }
}
