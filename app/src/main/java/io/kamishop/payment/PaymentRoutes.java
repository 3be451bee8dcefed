package io.kamishop.payment;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.IncomingRequest;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.WebResponse;
import io.kamishop.domain.Refusal;
import io.kamishop.metrics.StoreMetrics;
import io.kamishop.observability.Tracing;
import io.kamishop.web.ClientAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Gateway notifications, the channel list, and pages channels serve themselves. */
public final class PaymentRoutes {

    private PaymentRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            NotificationService notifications,
            ChannelRegistry channels,
            ClientAddress clients,
            StoreMetrics metrics,
            Function<Context, Locale> buyerLanguage) {
        // EPay and its clones notify with a GET (query parameters); everyone else POSTs. Same path, same checks.
        routes.post("/api/payments/{channel}/notify", ctx -> receive(ctx, notifications, channels, clients, metrics));
        routes.get("/api/payments/{channel}/notify", ctx -> receive(ctx, notifications, channels, clients, metrics));
        routes.get(
                "/api/channels",
                ctx -> ctx.json(channels.choicesFor(io.kamishop.domain.Audience.of(clients.requester(ctx))).stream()
                        .map(c -> Map.of("id", c.id(), "name", c.name()))
                        .toList()));
        routes.get("/pay/{channel}/<path>", ctx -> servePage(ctx, channels, clients, buyerLanguage));
        routes.post("/pay/{channel}/<path>", ctx -> servePage(ctx, channels, clients, buyerLanguage));
    }

    private static void receive(
            Context ctx,
            NotificationService notifications,
            ChannelRegistry channels,
            ClientAddress clients,
            StoreMetrics metrics) {
        long started = System.nanoTime();
        String channel = ctx.pathParam("channel");
        String outcome = "error";
        try {
            // A gateway's call: no buyer reads the answer, the header alone will do.
            IncomingRequest request = incoming(ctx, "", clients, null);
            NotificationService.Answer answer = Tracing.serverSpan(
                    ctx.method().name() + " /api/payments/{channel}/notify",
                    request.headers(),
                    () -> Tracing.order(null, channel),
                    () -> notifications.receive(channel, request),
                    accepted -> "accepted");
            ctx.status(answer.status()).contentType("text/plain; charset=utf-8").result(answer.body());
            outcome = "accepted";
        } catch (Refusal e) {
            outcome = e.code();
            throw e;
        } finally {
            // Unknown channel names come from the URL: do not let them mint new time series.
            metrics.notification(
                    channels.find(channel).isPresent() ? channel : "unknown",
                    outcome,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static void servePage(
            Context ctx, ChannelRegistry channels, ClientAddress clients, Function<Context, Locale> buyerLanguage) {
        PaymentChannel channel = channels.find(ctx.pathParam("channel"))
                .orElseThrow(() -> Refusal.notFound("channel_not_found", "no such payment channel"));
        WebResponse response = channel.serve(incoming(ctx, ctx.pathParam("path"), clients, buyerLanguage.apply(ctx)))
                .orElseThrow(() -> Refusal.notFound("not_found", "no such page"));
        response.headers().forEach(ctx::header);
        ctx.status(response.status()).contentType(response.contentType()).result(response.body());
    }

    /**
     * The request as a plugin sees it: raw body bytes, lower-case header names, query and form parameters,
     * and the buyer's language as the storefront decided it ({@code null}: read from the header alone).
     */
    static IncomingRequest incoming(Context ctx, String path, ClientAddress clients, @Nullable Locale language) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        Map<String, List<String>> params = new LinkedHashMap<>(ctx.queryParamMap());
        byte[] body = ctx.bodyAsBytes();
        String contentType = ctx.contentType();
        if (contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            ctx.formParamMap().forEach(params::putIfAbsent);
        }
        return new IncomingRequest(ctx.method().name(), path, headers, params, body, clients.ip(ctx), language);
    }
}
