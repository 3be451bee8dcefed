package io.kamishop.lookup;

/** A row of {@code order_query_passwords} as the look-up needs it. */
public record StoredPassword(long orderId, String passwordHash) {}
