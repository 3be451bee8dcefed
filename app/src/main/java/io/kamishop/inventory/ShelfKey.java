package io.kamishop.inventory;

/** A key as the merchant's key list reads it: still sealed, with its state and the order that holds or bought it. */
public record ShelfKey(long id, long productId, byte[] sealed, String status, String orderNo) {}
