package io.kamishop.delivery;

/** One thing an order of a shared, manual or file product received: sealed text, or a file id. */
public record DeliveredItem(long orderId, int position, byte[] sealed, Long fileId) {}
