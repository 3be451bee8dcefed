package io.kamishop.account;

/** A signed-in buyer: the session token (for the cookie, never stored in clear) and whose it is. */
public record BuyerSession(String token, BuyerAccount account, long expiresAt) {

    @Override
    public String toString() {
        return "BuyerSession[account=" + account.id() + ", expiresAt=" + expiresAt
                + "]"; // the token never reaches a log
    }
}
