package io.kamishop.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.db.StorageOutage;
import io.kamishop.domain.Refusal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure, in one place, to the contract's error shape. */
public final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    /** How soon a caller may retry while the disk is full or read-only. */
    static final long STORAGE_RETRY_AFTER_SECONDS = 30;

    private ErrorMapping() {}

    public static void register(JavalinDefaultRoutingApi<?> routes) {
        routes.exception(Refusal.class, (e, ctx) -> {
            if (e.details().get("retryAfterSeconds") instanceof Long seconds) {
                ctx.header("Retry-After", Long.toString(seconds));
            }
            answer(ctx, HttpRefusals.status(e), e.code(), e.getMessage(), e.details());
        });
        routes.exception(
                HttpResponseException.class,
                (e, ctx) -> answer(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage(), Map.of()));
        routes.exception(Exception.class, (e, ctx) -> {
            if (StorageOutage.isStorageRefusal(e)) {
                // Not a bug but a full or read-only disk: nothing was stored, and the same request
                // (a gateway's notification above all) will succeed once there is room again.
                ctx.header("Retry-After", Long.toString(STORAGE_RETRY_AFTER_SECONDS));
                answer(
                        ctx,
                        503,
                        "storage_unavailable",
                        "the store cannot save anything right now; nothing was changed, try again shortly",
                        Map.of());
                return;
            }
            if (isMalformedMultipart(e)) {
                // A form whose multipart body Jetty cannot parse (no boundary, cut short): the caller's fault,
                // and nothing was read, so nothing changed. Found by HostileInputTest on the storefront's forms.
                answer(ctx, 400, "malformed_form", "the form body is not valid multipart/form-data", Map.of());
                return;
            }
            // A 5xx is a bug: log it with the request, but tell the caller nothing internal.
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, 500, "internal_error", "something went wrong on our side; it has been logged", Map.of());
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                answer(ctx, 404, "not_found", "no such page or endpoint", Map.of());
            }
        });
        routes.error(
                405,
                ctx -> answer(ctx, 405, "method_not_allowed", "this endpoint does not take " + ctx.method(), Map.of()));
        routes.error(413, ctx -> {
            // A refusal already answered with its own code (archive_too_large): keep it.
            if (ctx.result() == null || ctx.result().isEmpty()) {
                answer(ctx, 413, "payload_too_large", "the request body is too large", Map.of());
            }
        });
    }

    private static boolean isMalformedMultipart(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            StackTraceElement[] frames = t.getStackTrace();
            if (t instanceof java.io.IOException
                    && frames.length > 0
                    && frames[0].getClassName().startsWith("org.eclipse.jetty.server.MultiPart")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public static void answer(
            Context ctx, int status, String code, @Nullable String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.putAll(details);
        ctx.status(status).json(Map.of("error", error));
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 429 -> "rate_limited";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }
}
