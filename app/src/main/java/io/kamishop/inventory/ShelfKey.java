package io.kamishop.inventory;

import org.jspecify.annotations.Nullable;

/**
 * A key as the merchant's key list reads it: still sealed, with its state and the order that holds or bought it.
 *
 * @param orderNo the order that holds or bought the key, null while it is on the shelf
 */
public record ShelfKey(
        long id,
        long productId,
        byte[] sealed,
        String status,
        @Nullable String orderNo) {}
