package io.kamishop.account;

import io.kamishop.db.Tx;

/** Owes the buyer the mail carrying their code, in the transaction that issues it (the mail outbox). */
@FunctionalInterface
public interface SignInCodeMail {
    void owe(Tx tx, String recipient, String code, long expiresAt);
}
