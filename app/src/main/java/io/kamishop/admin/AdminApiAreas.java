package io.kamishop.admin;

import java.util.Map;
import java.util.Optional;

/**
 * The one table of which area each admin route belongs to, API ({@code /api/admin}) and pages
 * ({@code /admin}) alike. A token's {@link TokenScope} and a signed-in admin's {@link StaffRole} are
 * both asked about (method, area) by {@link AdminAccess}, so one table decides for every door. A
 * route under no prefix here has the administration area: a route added without a line here fails
 * closed (and AdminTokenScopeTest names it). A {@code *} segment matches any one path segment.
 */
public final class AdminApiAreas {

    public enum Area {
        CATALOGUE,
        /** A product's card keys: listing (masked), importing, exporting, deleting. */
        KEYS,
        ORDERS,
        /** Sending an order's buyer mail again. */
        MAIL,
        /** Money going back to a buyer: refunds, store credit. */
        REFUNDS,
        /** Sales figures and the dashboard. */
        REPORTS,
        /** The signed-in admin's own password, second factor and sign-out. */
        ACCOUNT,
        /** Store administration: settings, plugins, themes, users, tokens, audit. */
        ADMINISTRATION
    }

    private static final Map<String, Area> BY_PREFIX = Map.ofEntries(
            Map.entry("/api/admin/products", Area.CATALOGUE),
            Map.entry("/api/admin/products/*/keys", Area.KEYS),
            Map.entry("/api/admin/categories", Area.CATALOGUE),
            Map.entry("/api/admin/coupons", Area.CATALOGUE),
            Map.entry("/api/admin/key-formats", Area.CATALOGUE),
            Map.entry("/api/admin/orders", Area.ORDERS),
            Map.entry("/api/admin/orders.csv", Area.ORDERS),
            // Archived orders: searched, read and brought back from cold storage like orders are handled.
            Map.entry("/api/admin/archive", Area.ORDERS),
            Map.entry("/api/admin/orders/*/refund", Area.REFUNDS),
            Map.entry("/api/admin/refunds", Area.REFUNDS),
            Map.entry("/api/admin/buyers", Area.REFUNDS),
            // Commission rules and withdrawals move the store's money like refunds do.
            Map.entry("/api/admin/affiliates", Area.REFUNDS),
            // Approving a reseller lets it earn markups the store pays out: money, like commissions.
            Map.entry("/api/admin/resellers", Area.REFUNDS),
            // The journal of every balance: the store's money, as the /admin/ledger page.
            Map.entry("/api/admin/ledger", Area.REFUNDS),
            Map.entry("/api/admin/risk", Area.ORDERS),
            // The outbox holds the buyers' key mails; retrying one is re-delivering an order.
            Map.entry("/api/admin/mail/outbox", Area.MAIL),
            Map.entry("/api/admin/reports", Area.REPORTS),
            Map.entry("/api/admin/mail/settings", Area.ADMINISTRATION),
            Map.entry("/api/admin/settings", Area.ADMINISTRATION),
            Map.entry("/api/admin/plugins", Area.ADMINISTRATION),
            // Payment channels are plugins with credentials: their overview and connection tests are administration.
            Map.entry("/api/admin/payments", Area.ADMINISTRATION),
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
            Map.entry("/api/admin/warnings", Area.ADMINISTRATION),
            // The admin pages, by the same areas.
            Map.entry("/admin/account", Area.ACCOUNT),
            Map.entry("/admin/logout", Area.ACCOUNT),
            Map.entry("/admin/products", Area.CATALOGUE),
            Map.entry("/admin/products/*/keys", Area.KEYS),
            Map.entry("/admin/coupons", Area.CATALOGUE),
            Map.entry("/admin/orders", Area.ORDERS),
            Map.entry("/admin/archive", Area.ORDERS),
            Map.entry("/admin/orders/*/resend-email", Area.MAIL),
            Map.entry("/admin/orders/*/refund", Area.REFUNDS),
            Map.entry("/admin/orders/*/refunded", Area.REFUNDS),
            Map.entry("/admin/refunds", Area.REFUNDS),
            Map.entry("/admin/buyers", Area.REFUNDS),
            Map.entry("/admin/resellers", Area.REFUNDS),
            // Affiliates, the ledger and withdrawals: the store's money, as the /api/admin/affiliates routes.
            Map.entry("/admin/affiliates", Area.REFUNDS),
            Map.entry("/admin/ledger", Area.REFUNDS),
            Map.entry("/admin/withdrawals", Area.REFUNDS),
            Map.entry("/admin/notifications", Area.ORDERS),
            Map.entry("/admin/reports", Area.REPORTS),
            Map.entry("/admin/settings", Area.ADMINISTRATION),
            Map.entry("/admin/plugins", Area.ADMINISTRATION),
            Map.entry("/admin/payments", Area.ADMINISTRATION),
            Map.entry("/admin/tokens", Area.ADMINISTRATION),
            Map.entry("/admin/users", Area.ADMINISTRATION),
            Map.entry("/admin/audit", Area.ADMINISTRATION),
            Map.entry("/admin/nodes", Area.ADMINISTRATION),
            Map.entry("/admin/flags", Area.ADMINISTRATION));

    /** Paths that are an area only exactly: {@code /admin} as a prefix would swallow every unlisted page. */
    private static final Map<String, Area> EXACT = Map.of("/admin", Area.REPORTS, "/admin/", Area.REPORTS);

    private AdminApiAreas() {}

    /** The area of a request path (or a route pattern), by its longest matching prefix. */
    public static Optional<Area> of(String path) {
        Area exact = EXACT.get(path);
        if (exact != null) {
            return Optional.of(exact);
        }
        String[] segments = path.split("/", -1);
        Area best = null;
        int bestLength = -1;
        for (Map.Entry<String, Area> e : BY_PREFIX.entrySet()) {
            String[] prefix = e.getKey().split("/", -1);
            if (prefix.length > bestLength && matches(prefix, segments)) {
                best = e.getValue();
                bestLength = prefix.length;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean matches(String[] prefix, String[] segments) {
        if (segments.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (!prefix[i].equals("*") && !prefix[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }
}
