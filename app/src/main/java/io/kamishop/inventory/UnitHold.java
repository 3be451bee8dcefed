package io.kamishop.inventory;

/** The units one order of a unit kind holds ({@code held}, {@code sold} or {@code released}). */
public record UnitHold(long orderId, long productId, int quantity, String status) {}
