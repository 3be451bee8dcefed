package io.kamishop.catalog;

/** A category of the products on sale and how many of them it holds. */
public record Category(String name, long products) {}
