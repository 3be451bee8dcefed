package io.kamishop.pricing;

import io.kamishop.domain.Refusal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A coupon as the merchant asks for it, checked field by field before anything is stored. Any field may be
 * missing (null) here, the code too (a form without it): {@link #validated} says which may not.
 */
public record CouponDraft(
        @Nullable String code,
        @Nullable Long percentOff,
        @Nullable Long amountOff,
        @Nullable String currency,
        @Nullable Long maxUses,
        @Nullable Long productId,
        @Nullable Long expiresAt) {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Codes are matched without regard to case: buyers type them by hand. */
    public static String normalise(String code) {
        return code.strip().toUpperCase(Locale.ROOT);
    }

    /** The new coupon (no id yet, unused, active, created {@code now}), or 422 with a reason per field. */
    Coupon validated(long now) {
        Map<String, String> problems = new LinkedHashMap<>();
        // A missing code is refused as an empty one is: the pattern wants at least one character.
        String given = code == null ? "" : code;
        if (!CODE.matcher(given.strip()).matches()) {
            problems.put("code", "must be 1 to 64 letters, digits, - or _");
        }
        if ((percentOff == null) == (amountOff == null)) {
            problems.put("percentOff", "give exactly one of percentOff and amountOff");
        } else if (percentOff != null && (percentOff < 1 || percentOff > 99)) {
            // 100% would make an order of amount 0, which no gateway can take payment for.
            problems.put("percentOff", "must be a whole number from 1 to 99");
        } else if (amountOff != null && amountOff < 1) {
            problems.put("amountOff", "must be at least 1 (minor units)");
        }
        if (currency != null && !currency.matches("[A-Za-z]{3}")) {
            problems.put("currency", "must be a three-letter currency code");
        }
        if (maxUses != null && (maxUses < 1 || maxUses > Integer.MAX_VALUE)) {
            problems.put("maxUses", "must be a whole number of at least 1");
        }
        if (expiresAt != null && expiresAt <= now) {
            problems.put("expiresAt", "must be in the future");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_coupon_definition", "the coupon is not valid", problems);
        }
        return new Coupon(
                0,
                normalise(given),
                percentOff == null ? null : percentOff.intValue(),
                amountOff,
                currency == null ? null : currency.toUpperCase(Locale.ROOT),
                maxUses == null ? null : maxUses.intValue(),
                0,
                productId,
                expiresAt,
                true,
                now);
    }
}
