package io.kamishop.metrics;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.config.AppConfig;
import io.kamishop.domain.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code GET /metrics}: for an admin token, or for the scrape-only token in
 * {@code KAMISHOP_METRICS_TOKEN} (so Prometheus never holds a token that can change the store).
 */
public final class MetricsRoutes {

    private MetricsRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            StoreMetrics metrics,
            Predicate<String> isAdminToken,
            AppConfig config) {
        Optional<String> scrapeToken = config.override("KAMISHOP_METRICS_TOKEN");
        routes.get("/metrics", ctx -> {
            String header = ctx.header("Authorization");
            String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim()
                    : "";
            boolean scrape = scrapeToken.isPresent()
                    && MessageDigest.isEqual(
                            scrapeToken.get().getBytes(StandardCharsets.UTF_8),
                            presented.getBytes(StandardCharsets.UTF_8));
            if (!scrape && !isAdminToken.test(presented)) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new Refusal(
                        Refusal.Kind.UNAUTHENTICATED,
                        "unauthorized",
                        "metrics need an admin token or the scrape token");
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
    }
}
