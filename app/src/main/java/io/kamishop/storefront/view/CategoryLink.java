package io.kamishop.storefront.view;

/** A category in the store's navigation: its page and how many products on sale it holds. */
public record CategoryLink(String name, String url, long products, boolean current) {}
