package io.kamishop.admin;

import java.util.Map;
import java.util.Optional;

/**
 * The one table of which area each {@code /api/admin} route belongs to, read by the scope check in
 * {@link AdminAuth}'s before-handler. A route under no prefix here has no area, and only a full token
 * may call it: a route added without a line here fails closed (and AdminTokenScopeTest names it).
 */
public final class AdminApiAreas {

    public enum Area {
        CATALOGUE,
        ORDERS,
        /** Store administration: only full tokens (and signed-in admins) change it. */
        ADMINISTRATION
    }

    private static final Map<String, Area> BY_PREFIX = Map.ofEntries(
            Map.entry("/api/admin/products", Area.CATALOGUE),
            Map.entry("/api/admin/categories", Area.CATALOGUE),
            Map.entry("/api/admin/coupons", Area.CATALOGUE),
            Map.entry("/api/admin/key-formats", Area.CATALOGUE),
            Map.entry("/api/admin/orders", Area.ORDERS),
            Map.entry("/api/admin/orders.csv", Area.ORDERS),
            Map.entry("/api/admin/refunds", Area.ORDERS),
            Map.entry("/api/admin/buyers", Area.ORDERS),
            Map.entry("/api/admin/risk", Area.ORDERS),
            // The outbox holds the buyers' key mails; retrying one is re-delivering an order.
            Map.entry("/api/admin/mail/outbox", Area.ORDERS),
            Map.entry("/api/admin/mail/settings", Area.ADMINISTRATION),
            Map.entry("/api/admin/settings", Area.ADMINISTRATION),
            Map.entry("/api/admin/plugins", Area.ADMINISTRATION),
            Map.entry("/api/admin/themes", Area.ADMINISTRATION),
            Map.entry("/api/admin/users", Area.ADMINISTRATION),
            Map.entry("/api/admin/tokens", Area.ADMINISTRATION),
            Map.entry("/api/admin/audit", Area.ADMINISTRATION),
            Map.entry("/api/admin/nodes", Area.ADMINISTRATION),
            Map.entry("/api/admin/notices", Area.ADMINISTRATION),
            // The bot's token and the merchant chat that may approve held orders: store administration.
            Map.entry("/api/admin/telegram", Area.ADMINISTRATION),
            // Flags decide which channels buyers are offered and what the store shows: store administration.
            Map.entry("/api/admin/flags", Area.ADMINISTRATION),
            Map.entry("/api/admin/warnings", Area.ADMINISTRATION));

    private AdminApiAreas() {
    }

    /** The area of a request path (or a route pattern), by its longest matching prefix. */
    public static Optional<Area> of(String path) {
        Area best = null;
        int bestLength = -1;
        for (Map.Entry<String, Area> e : BY_PREFIX.entrySet()) {
            String prefix = e.getKey();
            boolean matches = path.equals(prefix) || path.startsWith(prefix + "/");
            if (matches && prefix.length() > bestLength) {
                best = e.getValue();
                bestLength = prefix.length();
            }
        }
        return Optional.ofNullable(best);
    }
}
