package io.kamishop.observability;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A server span for every matched request (storefront pages, order placement, checkout, lookups, the
 * admin), named by its route ({@code POST /api/orders}) and continuing the browser's W3C
 * {@code traceparent}: a traced front end's "Buy" click and everything the store does for it are one
 * trace. The query string is never recorded (order pages carry the lookup token in it).
 *
 * <p>The gateway's notification route opens its own span (it continues the gateway's trace) and is
 * left out here; so are health checks and metrics scrapes, which would only be noise.
 */
public final class RequestTracing {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final String OPEN = "kamishop.requestSpan";
    private static final Set<String> UNTRACED = Set.of("/healthz", "/metrics", "/api/payments/{channel}/notify");

    private RequestTracing() {}

    /** Registers the span filters when tracing is on (at start); off, a request pays nothing at all for them. */
    public static void register(JavalinDefaultRoutingApi<?> routes) {
        if (!Tracing.enabled()) {
            return;
        }
        routes.beforeMatched(ctx -> {
            if (!Tracing.enabled() || ctx.attribute(OPEN) != null) {
                return;
            }
            String route = ctx.endpointHandlerPath();
            if (UNTRACED.contains(route)) {
                return;
            }
            String method = ctx.method().name();
            ctx.attribute(
                    OPEN,
                    Tracing.requestSpan(
                            method + " " + route, headers(ctx), () -> Attributes.of(METHOD, method, ROUTE, route)));
        });
        // "after" runs for every request, also one whose handler threw: the span and its scope always close here.
        routes.after(ctx -> {
            Tracing.Traced span = ctx.attribute(OPEN);
            if (span != null) {
                ctx.attribute(OPEN, null);
                span.attribute(STATUS, ctx.statusCode());
                span.outcome(ctx.statusCode() < 400 ? "ok" : "status_" + ctx.statusCode());
                span.close();
            }
        });
    }

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : List.of("traceparent", "tracestate")) {
            String value = ctx.header(name);
            if (value != null) {
                headers.put(name.toLowerCase(Locale.ROOT), List.of(value));
            }
        }
        return headers;
    }
}
