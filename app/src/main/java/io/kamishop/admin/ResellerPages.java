package io.kamishop.admin;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.web.Caller;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PathIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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

    /**
     * The merchant sets, and so approves, a sub-store's host name ('' or null removes it), by the named admin: the
     * same use case as {@code PUT /api/admin/resellers/{id}/host}.
     */
    @FunctionalInterface
    public interface SetHost {
        Object set(long id, @Nullable String host, String by);
    }

    private ResellerPages() {}

    static void register(
            JavalinDefaultRoutingApi<?> routes,
            AdminWeb web,
            Function<String, List<Map<String, Object>>> list,
            Decide decide,
            SetHost setHost) {
        routes.get("/admin/resellers", ctx -> show(ctx, web, list, null));
        routes.post("/admin/resellers/{id}/{action}", ctx -> {
            try {
                long id = PathIds.id(ctx, "id", "reseller");
                String by = Caller.name(ctx, "admin");
                // One route for every action: a "host" route of its own would be shadowed by {action}.
                if (ctx.pathParam("action").equals("host")) {
                    setHost.set(id, ctx.formParam("host"), by);
                } else {
                    decide.decide(id, ctx.pathParam("action"), by);
                }
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
            @Nullable Refusal error) {
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
