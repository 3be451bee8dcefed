package io.kamishop.ledger;

import java.util.Locale;
import java.util.Objects;

/**
 * Names a ledger account without knowing its row: the account is made the first time money moves to
 * or from it. {@code owner} is the holder's id in its own feature (a buyer account id, an affiliate
 * id); the store's account has the owner {@code store}.
 */
public record AccountRef(AccountKind kind, String owner, String currency) {

    public AccountRef {
        Objects.requireNonNull(kind, "kind");
        if (owner == null || owner.isBlank() || owner.length() > 128) {
            throw new IllegalArgumentException("an account owner is 1 to 128 characters");
        }
        if (currency == null || !currency.matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("a currency is a three-letter code: " + currency);
        }
        currency = currency.toUpperCase(Locale.ROOT);
    }

    public static AccountRef store(String currency) {
        return new AccountRef(AccountKind.STORE, "store", currency);
    }

    public static AccountRef buyerCredit(long buyerAccountId, String currency) {
        return new AccountRef(AccountKind.BUYER_CREDIT, Long.toString(buyerAccountId), currency);
    }
}
