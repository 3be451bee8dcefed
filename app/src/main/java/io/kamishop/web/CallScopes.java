package io.kamishop.web;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import java.util.Optional;

/**
 * Enforces what the authenticated caller may call, before any route runs: an earlier before-handler
 * (admin authentication) leaves the caller's {@link Scope} on the request, and this one asks it about
 * the request's method and path. Kept in the web layer so the feature deciding the scope never reads
 * the HTTP request itself.
 */
public final class CallScopes {

    public static final String ATTRIBUTE = "kamishop.callScope";

    /** The caller's scope: why it may not make this call, or empty when it may. */
    public interface Scope {
        Optional<String> refusal(String method, String path);
    }

    private CallScopes() {}

    /** Registers the check for {@code pathPattern}; call it right after the handler that sets the scope. */
    public static void register(JavalinDefaultRoutingApi<?> routes, String pathPattern) {
        routes.before(pathPattern, ctx -> {
            Scope scope = ctx.attribute(ATTRIBUTE);
            if (scope == null) {
                return;
            }
            Optional<String> refusal = scope.refusal(ctx.method().name(), ctx.path());
            if (refusal.isPresent()) {
                throw Refusal.forbidden("insufficient_scope", refusal.get());
            }
        });
    }
}
