package io.kamishop.flags;

import io.kamishop.domain.Audience;
import org.jspecify.annotations.Nullable;

/**
 * A feature flag.
 *
 * @param key         lower-case letters, digits, {@code -} and {@code _}, at most 64
 * @param rolloutBp   basis points (0 to 10,000) of buyers in the "on" arm
 * @param channel     the payment channel choice offered only to the "on" arm, or null
 * @param riskRule    the id of the risk rule applied only to orders placed in the "on" arm, or null
 * @param theme       the theme the "on" arm sees instead of the store's, or null
 * @param feature     the store feature ({@link Flags#FEATURES}) only the "on" arm meets, or null
 * @param enabled     a disabled flag puts everyone in the "off" arm (its channel is offered to nobody)
 */
public record Flag(
        String key,
        String description,
        int rolloutBp,
        FlagTargets targets,
        @Nullable String channel,
        @Nullable String riskRule,
        @Nullable String theme,
        @Nullable String feature,
        boolean enabled,
        long updatedAt) {

    /** A flag gating a payment channel only (or nothing), as flags were before they gated more. */
    public Flag(
            String key,
            String description,
            int rolloutBp,
            FlagTargets targets,
            @Nullable String channel,
            boolean enabled,
            long updatedAt) {
        this(key, description, rolloutBp, targets, channel, null, null, null, enabled, updatedAt);
    }

    /** The arm {@code who} is in: off when disabled, else what the targets force, else the bucket. */
    public Arm armOf(Audience who) {
        if (!enabled) {
            return Arm.OFF;
        }
        Arm forced = targets.forced(who);
        if (forced != null) {
            return forced;
        }
        String subject = Bucketing.subject(who);
        return subject != null && Bucketing.inRollout(key, subject, rolloutBp) ? Arm.ON : Arm.OFF;
    }
}
