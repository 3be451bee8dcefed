package io.kamishop.storefront.view;

/** One delivered key and its position (1-based) in the order, for labels like "Copy key 2". */
public record DeliveredKey(int number, String value) {}
