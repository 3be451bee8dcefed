package io.kamishop.delivery;

import org.jspecify.annotations.Nullable;

/** One thing an order of a shared, manual or file product received: sealed text, or a file id. */
public record DeliveredItem(
        long orderId,
        int position,
        byte @Nullable [] sealed,
        @Nullable Long fileId) {}
