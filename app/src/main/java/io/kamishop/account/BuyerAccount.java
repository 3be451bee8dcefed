package io.kamishop.account;

/** A buyer's account: its verified e-mail address, stored lower-case (addresses are compared that way). */
public record BuyerAccount(long id, String emailLower, long createdAt) {}
