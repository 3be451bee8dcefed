package io.kamishop.account;

import org.jdbi.v3.core.Handle;

/** Owes the buyer the mail carrying their code, in the transaction that issues it (the mail outbox). */
@FunctionalInterface
public interface SignInCodeMail {
    void owe(Handle h, String recipient, String code, long expiresAt);
}
