package io.kamishop.risk;

import org.jspecify.annotations.Nullable;

/**
 * One rule's decision as stored; {@code reasons} are newline-separated.
 *
 * @param orderNo the order decided on, or null when no order came of it (blocked, or out of stock)
 * @param ip      the buyer's address, or null for an order that never had one
 */
public record RecordedDecision(
        long id,
        String ruleId,
        String stage,
        @Nullable String orderNo,
        @Nullable String ip,
        String verdict,
        int score,
        String reasons,
        boolean shadow,
        long at) {}
