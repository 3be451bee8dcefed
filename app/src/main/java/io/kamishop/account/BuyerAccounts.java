package io.kamishop.account;

import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.ledger.AccountRef;
import io.kamishop.ledger.Entry;
import io.kamishop.ledger.Ledger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The merchant's view of buyer accounts: the list with each balance, and one account's statement (its
 * ledger entries). Behind the admin API and the admin pages alike; granting credit is {@link StoreCredit}'s.
 */
public final class BuyerAccounts {

    public static final int PAGE = 50;

    /** An account as the merchant lists it: the address, the balance per currency, when it was made. */
    public record Listed(BuyerAccount account, Map<String, Long> balances) {}

    /**
     * One currency's statement of an account, newest entry first; {@code next} pages on, or 0 at the end.
     * {@code currency} is null for an account that never held any.
     */
    public record Statement(
            BuyerAccount account, @Nullable String currency, long balance, List<Entry> entries, long next) {}

    private final Database database;
    private final Ledger ledger;
    private final StoreCredit credit;

    public BuyerAccounts(Database database, Ledger ledger, StoreCredit credit) {
        this.database = database;
        this.ledger = ledger;
        this.credit = credit;
    }

    /** Newest accounts first, {@link #PAGE} at a time; {@code beforeId} 0 for the first page. */
    public List<Listed> newest(long beforeId) {
        List<BuyerAccount> accounts =
                database.read(tx -> tx.dao(AccountDao.class).newest(beforeId <= 0 ? Long.MAX_VALUE : beforeId, PAGE));
        return accounts.stream().map(a -> new Listed(a, credit.balances(a))).toList();
    }

    /** The account; 404 {@code buyer_not_found}. */
    public BuyerAccount require(long id) {
        return database.read(tx -> tx.dao(AccountDao.class).byId(id))
                .orElseThrow(() -> Refusal.notFound("buyer_not_found", "no buyer account " + id));
    }

    /** The account of an address; 404 {@code buyer_not_found} while it has none. */
    public BuyerAccount ofEmail(String email) {
        String address = BuyerSignIn.address(email);
        return database.read(tx -> tx.dao(AccountDao.class).byEmail(address))
                .orElseThrow(() -> Refusal.notFound("buyer_not_found", "no buyer account for this address"));
    }

    /** The account's balance in each currency it ever held. */
    public Map<String, Long> balances(BuyerAccount account) {
        return credit.balances(account);
    }

    /**
     * The account's statement in {@code currency} ({@code null}: the first currency it holds; with none, an
     * empty statement without a currency), {@link #PAGE} entries a page; {@code beforeId} 0 for the first page.
     */
    public Statement statement(long accountId, @Nullable String currency, long beforeId) {
        BuyerAccount account = require(accountId);
        String shown = currency;
        if (shown == null || shown.isBlank()) {
            shown = credit.balances(account).keySet().stream().findFirst().orElse(null);
            if (shown == null) {
                return new Statement(account, null, 0, List.of(), 0);
            }
        } else if (!shown.matches("[A-Za-z]{3}")) {
            throw Refusal.badRequest("invalid_currency", "currency must be a three-letter code such as USD");
        }
        AccountRef ref = AccountRef.buyerCredit(account.id(), shown);
        List<Entry> entries = ledger.statement(ref, beforeId, PAGE);
        long next = entries.size() == PAGE ? entries.get(entries.size() - 1).id() : 0;
        return new Statement(account, ref.currency(), ledger.balance(ref), entries, next);
    }
}
