package io.kamishop.storefront.view;

import org.jspecify.annotations.Nullable;

/**
 * A payment channel the buyer may choose, as a radio button.
 *
 * @param fee   the channel's surcharge on the order as the form stands, formatted, or {@code null} when it has none
 * @param total what the buyer pays through this channel, formatted, or {@code null} when it has no fee
 */
public record ChannelOption(
        String id,
        String name,
        boolean checked,
        @Nullable String fee,
        @Nullable String total) {}
