package io.kamishop.admin;

import io.kamishop.admin.AdminApiAreas.Area;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a signed-in admin may do, by the same areas as a token's scope ({@link AdminAccess}). Every
 * role reads the reports and looks after its own account; beyond that:
 */
public enum StaffRole implements AdminAccess.Grant {
    /** Everything, including settings, plugins, users and their roles. */
    OWNER,
    /** Runs the shop: catalogue, keys, orders, mails, refunds; no settings, plugins, users or tokens. */
    OPERATOR,
    /** Answers buyers: reads orders and the catalogue, sends an order's mail again; sees no keys, refunds nothing. */
    SUPPORT,
    /** Reads what the shop does (not its administration), changes nothing. */
    VIEWER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of an id; {@code staff} (the contract's earlier name for an operator) is an operator. */
    public static Optional<StaffRole> fromId(@Nullable String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("staff")) {
            return Optional.of(OPERATOR);
        }
        return Arrays.stream(values()).filter(r -> r.id().equals(wanted)).findFirst();
    }

    /** A stored role this version does not know (a newer version's, say) grants the least. */
    public static StaffRole stored(String id) {
        return fromId(id).orElse(VIEWER);
    }

    @Override
    public boolean permits(String method, Area area) {
        if (this == OWNER || area == Area.ACCOUNT) {
            return true;
        }
        if (area == Area.ADMINISTRATION) {
            return false;
        }
        boolean reads = AdminAccess.reads(method);
        return switch (this) {
            case OWNER -> true;
            case OPERATOR -> true;
            case SUPPORT -> reads ? area != Area.KEYS : area == Area.MAIL;
            case VIEWER -> reads;
        };
    }

    @Override
    public String describe() {
        return "the role " + id();
    }
}
