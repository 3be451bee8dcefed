package io.kamishop.storefront.view;

/**
 * A file the order delivered. {@code url} is the store's page for it, which answers with a fresh
 * signed download link, so the order page never carries a link that has run out.
 */
public record DeliveredFile(String name, long size, String url) {}
