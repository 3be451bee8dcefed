package io.kamishop.admin;

import io.javalin.Javalin;
import io.kamishop.domain.Refusal;
import io.kamishop.web.Caller;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PathIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /admin/resellers}: the resellers (applied, approved, rejected, suspended) with their earnings and debt,
 * and the merchant's decisions, through the same use case as {@code POST /api/admin/resellers/{id}/{action}}
 * (handed in as functions so the admin does not depend on the reseller feature). Every decision is audited there.
 */
public final class ResellerPages {

    /** One decision: approve, reject, suspend or reinstate a reseller, by the named admin. */
    @FunctionalInterface
    public interface Decide {
        Map<String, Object> decide(long id, String action, String by);
    }

    private ResellerPages() {}

    static void register(Javalin app, AdminWeb web, Function<String, List<Map<String, Object>>> list, Decide decide) {
        app.get("/admin/resellers", ctx -> show(ctx, web, list, null));
        app.post("/admin/resellers/{id}/{action}", ctx -> {
            try {
                decide.decide(PathIds.id(ctx, "id", "reseller"), ctx.pathParam("action"), Caller.name(ctx, "admin"));
                web.redirectDone(ctx, "/admin/resellers", "saved");
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                show(ctx, web, list, e);
            }
        });
    }

    private static void show(
            io.javalin.http.Context ctx,
            AdminWeb web,
            Function<String, List<Map<String, Object>>> list,
            Refusal error) {
        String status = Optional.ofNullable(ctx.queryParam("status"))
                .filter(s -> s.matches("applied|approved|rejected|suspended"))
                .orElse("");
        Map<String, Object> model = new HashMap<>();
        model.put("resellers", list.apply(status));
        model.put("status", status);
        model.put("resellerError", error == null ? null : error.code());
        model.put("resellerErrorMessage", error == null ? null : error.getMessage());
        web.page(ctx, "resellers", model);
    }
}
