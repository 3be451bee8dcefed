package io.kamishop.storefront.view;

/** A payment channel the buyer may choose, as a radio button. */
public record ChannelOption(String id, String name, boolean checked) {
}
