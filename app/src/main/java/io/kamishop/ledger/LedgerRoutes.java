package io.kamishop.ledger;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/admin/ledger}: the whole ledger's entries, newest first, filtered by holder ({@code owner}, e.g.
 * {@code affiliate:7}), account kind and currency, 50 a page ({@code before} the last id seen). The same use case
 * as the {@code /admin/ledger} page ({@link Ledger#journal}).
 */
public final class LedgerRoutes {

    private static final int PAGE = 50;

    private LedgerRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, Ledger ledger) {
        routes.get(
                "/api/admin/ledger",
                ctx -> ctx.json(Map.of(
                        "entries",
                        ledger.journal(
                                ctx.queryParam("owner"),
                                ctx.queryParam("kind"),
                                ctx.queryParam("currency"),
                                before(ctx.queryParam("before")),
                                PAGE))));
    }

    private static long before(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("invalid_before", "before must be an entry id");
        }
    }
}
