package io.kamishop.risk;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.RiskRule;
import io.kamishop.domain.Refusal;
import io.kamishop.order.Order;
import io.kamishop.web.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The merchant's risk desk: decisions, per-rule statistics, and approving or rejecting held orders. */
final class RiskRoutes {

    private RiskRoutes() {}

    static void register(JavalinDefaultRoutingApi<?> routes, RiskEngine engine, DecisionLog log, Reviews reviews) {
        routes.get("/api/admin/risk/decisions", ctx -> {
            int limit = limit(ctx, 50, 1000);
            String orderNo = ctx.queryParam("orderNo");
            List<RecordedDecision> decisions = orderNo == null || orderNo.isBlank()
                    ? log.recent(limit)
                    : log.forOrder(orderNo.strip()).stream().limit(limit).toList();
            ctx.json(decisions.stream().map(RiskRoutes::decisionView).toList());
        });
        routes.get("/api/admin/risk/rules", ctx -> ctx.json(ruleStats(engine.rules(), log.ruleCounts())));
        routes.get("/api/admin/risk/reviews", ctx -> {
            String status = ctx.queryParam("status");
            if (status != null && !List.of("open", "approved", "rejected").contains(status)) {
                throw Refusal.badRequest("invalid_status", "status must be open, approved or rejected");
            }
            ctx.json(reviews.list(status, limit(ctx, 50, 1000)).stream()
                    .map(RiskRoutes::reviewView)
                    .toList());
        });
        routes.post(
                "/api/admin/orders/{orderNo}/approve",
                ctx -> ctx.json(orderView(reviews.approve(ctx.pathParam("orderNo"), who(ctx)))));
        routes.post(
                "/api/admin/orders/{orderNo}/reject",
                ctx -> ctx.json(orderView(reviews.reject(ctx.pathParam("orderNo"), who(ctx)))));
    }

    private static Map<String, Object> decisionView(RecordedDecision d) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (d.orderNo() != null) {
            view.put("orderNo", d.orderNo());
        }
        view.put("ip", d.ip());
        view.put("rule", d.ruleId());
        view.put("stage", d.stage());
        view.put("decision", d.verdict());
        view.put("score", d.score());
        view.put(
                "reasons",
                d.reasons().isEmpty() ? List.of() : List.of(d.reasons().split("\n")));
        view.put("shadow", d.shadow());
        view.put("at", Instant.ofEpochMilli(d.at()));
        return view;
    }

    /** Per rule: what it decided, enforced and in shadow, including rules no longer installed. */
    private static List<Map<String, Object>> ruleStats(List<RiskRule> running, List<RuleCount> counts) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        for (RiskRule rule : running) {
            Map<String, Object> view = emptyStats(rule.id());
            try {
                view.put("enabled", rule.enabled());
                view.put("enforcedPercent", rule.enforcedPercent());
                view.put(
                        "stages",
                        rule.stages().stream()
                                .map(s -> s.name().toLowerCase(Locale.ROOT))
                                .sorted()
                                .toList());
            } catch (RuntimeException e) {
                view.put("error", e.toString());
            }
            view.put("running", true);
            byId.putIfAbsent(rule.id(), view);
        }
        for (RuleCount count : counts) {
            Map<String, Object> view = byId.computeIfAbsent(count.ruleId(), RiskRoutes::emptyStats);
            view.merge("decisions", count.decisions(), (a, b) -> (Long) a + (Long) b);
            String key = switch (count.verdict()) {
                case "block" -> count.shadow() ? "wouldHaveBlocked" : "blocked";
                case "review" -> count.shadow() ? "wouldHaveReviewed" : "reviewed";
                default -> "allowed";
            };
            view.merge(key, count.decisions(), (a, b) -> (Long) a + (Long) b);
        }
        return new ArrayList<>(byId.values());
    }

    private static Map<String, Object> emptyStats(String id) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("running", false);
        view.put("decisions", 0L);
        view.put("allowed", 0L);
        view.put("blocked", 0L);
        view.put("wouldHaveBlocked", 0L);
        view.put("reviewed", 0L);
        view.put("wouldHaveReviewed", 0L);
        return view;
    }

    private static Map<String, Object> reviewView(Review r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("orderNo", r.orderNo());
        view.put("status", r.status());
        view.put(
                "reasons",
                r.reasons().isEmpty() ? List.of() : List.of(r.reasons().split("\n")));
        view.put("createdAt", Instant.ofEpochMilli(r.createdAt()));
        view.put("decidedAt", r.decidedAt() == null ? null : Instant.ofEpochMilli(r.decidedAt()));
        view.put("decidedBy", r.decidedBy());
        return view;
    }

    private static Map<String, Object> orderView(Order order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("orderNo", order.orderNo());
        view.put("status", order.status());
        view.put("quantity", order.quantity());
        view.put("amount", order.amount());
        view.put("currency", order.currency());
        return view;
    }

    private static String who(Context ctx) {
        return Caller.name(ctx, "admin");
    }

    private static int limit(Context ctx, int fallback, int max) {
        String text = ctx.queryParam("limit");
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw Refusal.badRequest("invalid_limit", "limit must be a whole number from 1 to " + max);
    }
}
