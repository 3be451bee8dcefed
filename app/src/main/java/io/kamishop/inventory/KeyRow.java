package io.kamishop.inventory;

/** A key as stored: sealed, never plaintext. */
public record KeyRow(long id, long productId, byte[] sealed) {}
