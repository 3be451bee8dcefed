package io.kamishop.admin;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an admin API token may do, chosen when it is created. A script that only imports keys or only
 * ships orders gets a token that cannot also install a plugin or add an admin user, so a leaked
 * deploy token costs less.
 */
public enum TokenScope implements AdminAccess.Grant {
    /** Reads anything, changes nothing. */
    READ_ONLY,
    /** Reads and changes the catalogue: products, their keys, files, pricing, coupons. */
    CATALOGUE,
    /** Reads and acts on orders: deliveries, refunds, risk reviews, the buyer mails they send. */
    ORDERS,
    /** Everything, including settings, plugins, themes, users and the audit trail. */
    FULL;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<TokenScope> fromId(@Nullable String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }

    /** Whether a call with this method to a route of this area is allowed. */
    @Override
    public boolean permits(String method, AdminApiAreas.Area area) {
        return switch (this) {
            case FULL -> true;
            case READ_ONLY -> AdminAccess.reads(method);
            case CATALOGUE -> area == AdminApiAreas.Area.CATALOGUE || area == AdminApiAreas.Area.KEYS;
            case ORDERS ->
                area == AdminApiAreas.Area.ORDERS
                        || area == AdminApiAreas.Area.MAIL
                        || area == AdminApiAreas.Area.REFUNDS
                        || area == AdminApiAreas.Area.REPORTS;
        };
    }

    @Override
    public String describe() {
        return "this token's scope (" + id() + ")";
    }
}
