package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.web.Caller;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PathIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/affiliates} (clicks, orders, pending, available, debt), {@code /admin/ledger} (every entry, newest
 * first, a page at a time, filtered by account) and {@code /admin/withdrawals} (approve with the payout's record,
 * or reject). The same use cases as the {@code /api/admin/affiliates} routes, handed in as a {@link Desk} so the
 * admin does not depend on the affiliate feature; every decision is audited here as the API's are.
 */
public final class AffiliatePages {

    static final int PAGE = 50;

    /** The use cases behind the pages, as the JSON API's views (maps) so the pages show what the API answers. */
    public interface Desk {
        /** Affiliates newest first, {@code before} an id (0 for the first page). */
        List<Map<String, Object>> affiliates(long before);

        /** Withdrawals newest first by status ('' for all). */
        List<Map<String, Object>> withdrawals(String status, long before);

        Map<String, Object> approve(long id, String by, String payoutRecord);

        Map<String, Object> reject(long id, String by);

        /** Ledger entries newest first (each with its account), filtered by holder, kind and currency ('' for any). */
        List<Map<String, Object>> journal(String owner, String kind, String currency, long before, int limit);
    }

    private AffiliatePages() {}

    static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, Desk desk) {
        routes.get("/admin/affiliates", ctx -> {
            Map<String, Object> model = new HashMap<>();
            List<Map<String, Object>> found = desk.affiliates(before(ctx));
            model.put("affiliates", found);
            model.put("next", found.size() >= 100 ? found.get(found.size() - 1).get("id") : null);
            web.page(ctx, "affiliates", model);
        });
        routes.get("/admin/ledger", ctx -> {
            String owner = param(ctx, "owner");
            String kind = param(ctx, "kind");
            String currency = param(ctx, "currency");
            Map<String, Object> model = new HashMap<>();
            model.put("owner", owner);
            model.put("kind", kind);
            model.put("currency", currency);
            try {
                List<Map<String, Object>> lines = desk.journal(owner, kind, currency, before(ctx), PAGE);
                model.put("lines", lines);
                model.put(
                        "next",
                        lines.size() >= PAGE ? lines.get(lines.size() - 1).get("id") : null);
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                model.put("lines", List.of());
                model.put("ledgerError", e.code());
                model.put("ledgerErrorMessage", e.getMessage());
            }
            web.page(ctx, "ledger", model);
        });
        routes.get("/admin/withdrawals", ctx -> show(ctx, web, desk, null));
        routes.post("/admin/withdrawals/{id}/approve", ctx -> decide(ctx, web, desk, true));
        routes.post("/admin/withdrawals/{id}/reject", ctx -> decide(ctx, web, desk, false));
    }

    private static void decide(Context ctx, AdminWeb web, Desk desk, boolean approve) {
        long id = PathIds.id(ctx, "id", "withdrawal");
        try {
            String by = Caller.name(ctx, "admin");
            if (approve) {
                desk.approve(
                        id,
                        by,
                        Optional.ofNullable(ctx.formParam("payoutRecord")).orElse(""));
            } else {
                desk.reject(id, by);
            }
            web.audit(ctx, approve ? "withdrawal.approve" : "withdrawal.reject", "withdrawal " + id);
            web.redirectDone(ctx, "/admin/withdrawals", "saved");
        } catch (Refusal e) {
            ctx.status(HttpRefusals.status(e));
            show(ctx, web, desk, e);
        }
    }

    private static void show(Context ctx, AdminWeb web, Desk desk, @Nullable Refusal error) {
        String status = Optional.ofNullable(ctx.queryParam("status"))
                .filter(s -> s.matches("requested|approved|rejected"))
                .orElse("");
        Map<String, Object> model = new HashMap<>();
        List<Map<String, Object>> found = desk.withdrawals(status, before(ctx));
        model.put("withdrawals", found);
        model.put("status", status);
        model.put("next", found.size() >= 100 ? found.get(found.size() - 1).get("id") : null);
        model.put("withdrawalError", error == null ? null : error.code());
        model.put("withdrawalErrorMessage", error == null ? null : error.getMessage());
        web.page(ctx, "withdrawals", model);
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }

    private static long before(Context ctx) {
        try {
            String text = ctx.queryParam("before");
            return text == null || text.isBlank() ? 0 : Math.max(0, Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
