package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.domain.Refusal;
import io.kamishop.mail.MailOutbox;
import io.kamishop.order.EventDetail;
import io.kamishop.order.Order;
import io.kamishop.order.OrderEvent;
import io.kamishop.order.OrderSearch;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import io.kamishop.payment.NotificationService;
import io.kamishop.payment.RecordedNotification;
import io.kamishop.refund.Payment;
import io.kamishop.refund.Refund;
import io.kamishop.refund.RefundAsk;
import io.kamishop.refund.RefundService;
import io.kamishop.risk.RecordedDecision;
import io.kamishop.risk.Review;
import io.kamishop.risk.Risk;
import io.kamishop.web.HttpRefusals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Orders: search and filter, one order's timeline (status moves, notifications received,
 * deliveries, risk decisions, notes in time order), and the merchant's actions on it: cancel a
 * pending order (its keys go back to stock), deliver a paid order that waits for the merchant, mark
 * a refund done, mail the keys again, and approve or reject an order held for risk review (also
 * listed under the "needs review" filter).
 */
public final class OrderPages {

    private OrderPages() {}

    /** What the order pages work with besides orders themselves. */
    record Services(
            OrderService orders,
            OrderSearch search,
            NotificationService notifications,
            Database database,
            Risk risk,
            MailOutbox mail,
            DeliveryService delivery,
            RefundService refunds) {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            AdminWeb web,
            OrderService orders,
            OrderSearch search,
            NotificationService notifications,
            Database database,
            Risk risk,
            MailOutbox mail,
            DeliveryService delivery,
            RefundService refunds) {
        Services services = new Services(orders, search, notifications, database, risk, mail, delivery, refunds);
        routes.get("/admin/orders", ctx -> {
            if ("open".equals(ctx.queryParam("review"))) {
                showNeedingReview(ctx, web, services);
                return;
            }
            String statusText = ctx.queryParam("status");
            OrderStatus status = null;
            if (statusText != null && !statusText.isBlank()) {
                try {
                    status = OrderStatus.of(statusText);
                } catch (IllegalArgumentException e) {
                    status = null;
                }
            }
            long before = parseLong(ctx.queryParam("before"));
            List<Order> found = search.find(status, ctx.queryParam("q"), 50, before);
            Map<String, Object> model = new HashMap<>();
            model.put("orders", found);
            model.put("q", ctx.queryParam("q") == null ? "" : ctx.queryParam("q"));
            model.put("status", status == null ? "" : status.code());
            model.put(
                    "statuses",
                    Arrays.stream(OrderStatus.values()).map(OrderStatus::code).toList());
            model.put("next", found.size() == 50 ? found.get(found.size() - 1).id() : null);
            model.put("review", false);
            web.page(ctx, "orders", model);
        });
        routes.get("/admin/orders/{orderNo}", ctx -> showOrder(ctx, web, services, null));
        registerActions(routes, web, services);
        routes.post("/admin/orders/{orderNo}/cancel", ctx -> {
            Order order = orders.require(ctx.pathParam("orderNo"));
            try {
                orders.cancel(
                        order.orderNo(),
                        EventDetail.of(
                                "cancelled_by_admin",
                                AdminWeb.signedIn(AdminWeb.session(ctx)).user().username()));
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                showOrder(ctx, web, services, e.getMessage());
                return;
            }
            web.audit(ctx, "order.cancel", order.orderNo());
            web.redirectDone(ctx, "/admin/orders/" + order.orderNo(), "cancelled");
        });
        // A paid order that waits (manual product, failed generator): the merchant delivers it here.
        routes.post("/admin/orders/{orderNo}/deliver", ctx -> {
            Order order = orders.require(ctx.pathParam("orderNo"));
            try {
                delivery.fulfil(order.orderNo(), ctx.formParam("text"));
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                @SuppressWarnings("unchecked")
                Map<String, String> fields = (Map<String, String>) e.details().getOrDefault("fields", Map.of());
                showOrder(ctx, web, services, fields.isEmpty() ? e.getMessage() : String.join("; ", fields.values()));
                return;
            }
            web.audit(ctx, "order.deliver", order.orderNo());
            web.redirectDone(ctx, "/admin/orders/" + order.orderNo(), "delivered");
        });
        // Refunded outside the store (cash, a bank transfer): recorded by the same use case as a refund through
        // the channel, so the over-refund guard, the order's move and the licence revocation are the same.
        routes.post("/admin/orders/{orderNo}/refunded", ctx -> refund(ctx, web, services, true));
        routes.post("/admin/orders/{orderNo}/refund", ctx -> refund(ctx, web, services, false));
    }

    private static void refund(Context ctx, AdminWeb web, Services services, boolean byHand) {
        Order order = services.orders().require(ctx.pathParam("orderNo"));
        String reason = ctx.formParam(byHand ? "note" : "reason");
        String amountText = ctx.formParam("amount");
        Long amount = null;
        if (amountText != null && !amountText.isBlank()) {
            amount = AdminViews.parseMoney(amountText, order.currency());
            if (amount == null || amount <= 0) {
                ctx.status(422);
                showOrder(ctx, web, services, "the amount must be a positive amount such as 9.90");
                return;
            }
        }
        Refund refund;
        try {
            refund = services.refunds()
                    .refund(new RefundAsk(
                            order.orderNo(),
                            ctx.formParam("tradeNo"),
                            amount,
                            reason,
                            "user:"
                                    + AdminWeb.signedIn(AdminWeb.session(ctx))
                                            .user()
                                            .username(),
                            byHand));
        } catch (Refusal e) {
            ctx.status(HttpRefusals.status(e));
            showOrder(
                    ctx,
                    web,
                    services,
                    e.fields().isEmpty()
                            ? e.getMessage()
                            : String.join("; ", e.fields().values()));
            return;
        }
        web.audit(
                ctx,
                byHand ? "order.refunded" : "order.refund",
                order.orderNo() + " " + refund.refundId() + " " + refund.status());
        web.redirectDone(ctx, "/admin/orders/" + order.orderNo(), byHand ? "refunded" : "refund_" + refund.status());
    }

    private static void registerActions(JavalinDefaultRoutingApi<?> routes, AdminWeb web, Services services) {
        routes.post("/admin/orders/{orderNo}/resend-email", ctx -> {
            Order order = services.orders().require(ctx.pathParam("orderNo"));
            boolean queued;
            try {
                queued = services.mail().resendKeys(order);
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                showOrder(ctx, web, services, e.getMessage());
                return;
            }
            web.audit(
                    ctx,
                    "order.resend_email",
                    order.orderNo() + " " + order.email() + (queued ? "" : " already_queued"));
            web.redirectDone(ctx, "/admin/orders/" + order.orderNo(), queued ? "mail_queued" : "mail_already_queued");
        });
        routes.post("/admin/orders/{orderNo}/approve", ctx -> decide(ctx, web, services, true));
        routes.post("/admin/orders/{orderNo}/reject", ctx -> decide(ctx, web, services, false));
    }

    private static void decide(Context ctx, AdminWeb web, Services services, boolean approve) {
        Order order = services.orders().require(ctx.pathParam("orderNo"));
        String by = "user:" + AdminWeb.signedIn(AdminWeb.session(ctx)).user().username();
        Order after;
        try {
            after = approve
                    ? services.risk().reviews().approve(order.orderNo(), by)
                    : services.risk().reviews().reject(order.orderNo(), by);
        } catch (Refusal e) {
            ctx.status(HttpRefusals.status(e));
            showOrder(ctx, web, services, e.getMessage());
            return;
        }
        web.audit(ctx, approve ? "order.approve" : "order.reject", order.orderNo() + " → " + after.status());
        web.redirectDone(ctx, "/admin/orders/" + order.orderNo(), approve ? "approved" : "rejected");
    }

    private static void showNeedingReview(Context ctx, AdminWeb web, Services services) {
        List<Order> found = new ArrayList<>();
        for (Review r : services.risk().reviews().list("open", 200)) {
            // A held order refunded meanwhile has nothing left to decide.
            services.orders()
                    .find(r.orderNo())
                    .filter(o -> o.state() == OrderStatus.PENDING || o.state() == OrderStatus.PAID)
                    .ifPresent(found::add);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("orders", found);
        model.put("q", "");
        model.put("status", "");
        model.put(
                "statuses",
                Arrays.stream(OrderStatus.values()).map(OrderStatus::code).toList());
        model.put("next", null);
        model.put("review", true);
        web.page(ctx, "orders", model);
    }

    private static void showOrder(Context ctx, AdminWeb web, Services services, @Nullable String error) {
        OrderService orders = services.orders();
        NotificationService notifications = services.notifications();
        Order order = orders.require(ctx.pathParam("orderNo"));
        Map<String, String> t = web.messages(ctx);
        List<Map<String, Object>> timeline = new ArrayList<>();
        // Notifications first: at equal times, the payment came in before the move it caused.
        for (RecordedNotification n : notifications.forOrder(order.id())) {
            String outcome = t.getOrDefault("notification_outcome_" + n.outcome(), n.outcome());
            timeline.add(line(
                    n.receivedAt(),
                    "notification",
                    n.kind(),
                    "",
                    "",
                    AdminPhrases.word(
                            t,
                            "detail_",
                            "notification",
                            List.of(n.channel(), n.tradeNo(), AdminViews.money(n.amount(), n.currency()), outcome)),
                    null));
        }
        for (OrderEvent e : orders.history(order.id())) {
            String from = e.fromStatus() == null ? "" : e.fromStatus();
            String to = e.toStatus() == null ? "" : e.toStatus();
            timeline.add(e.coded()
                    .map(d -> line(
                            e.at(),
                            "event",
                            e.kind(),
                            from,
                            to,
                            AdminPhrases.word(t, "detail_", d.code(), d.args()),
                            AdminPhrases.unplaced(t, "detail_", d.code(), d.args())))
                    // A line written before details were coded keeps its English sentence, shown as the record it is.
                    .orElseGet(() -> line(e.at(), "event", e.kind(), from, to, "", e.detail())));
        }
        for (RecordedDecision d : services.risk().decisionsFor(order.orderNo())) {
            if (!d.verdict().equals("allow")) { // every rule allows most orders: only what held or refused one
                // The rule's reasons are the rule plugin's own text: shown as it wrote them.
                timeline.add(line(
                        d.at(),
                        "risk",
                        "risk_" + d.verdict(),
                        "",
                        "",
                        AdminPhrases.word(
                                t, "detail_", d.shadow() ? "risk_rule_shadow" : "risk_rule", List.of(d.ruleId())),
                        d.reasons().replace('\n', ';')));
            }
        }
        timeline.sort(Comparator.comparingLong(m -> (Long) m.get("at")));
        Map<String, Object> model = new HashMap<>();
        model.put("order", order);
        // A bot order's "address" is the Telegram user it came from (the risk rules count it like an IP):
        // shown as that, not as an IP address.
        String from = order.buyerIp() == null ? "" : order.buyerIp();
        model.put("telegramUser", from.startsWith("telegram:") ? from.substring("telegram:".length()) : null);
        model.put("timeline", timeline);
        model.put("canCancel", order.state() == OrderStatus.PENDING);
        List<Payment> payments = services.refunds().payments(order.id());
        model.put("payments", payments);
        model.put("refunds", services.refunds().forOrder(order.id()));
        model.put("canRefund", payments.stream().anyMatch(p -> p.refundable() > 0));
        model.put("refundsThroughChannel", services.refunds().canRefund(order.channel()));
        model.put(
                "canResend",
                order.state() == OrderStatus.DELIVERED
                        && order.email() != null
                        && !order.email().isBlank());
        Review review = services.risk().reviews().forOrder(order.id()).orElse(null);
        model.put("review", review);
        model.put(
                "reviewReasons",
                review == null || review.reasons().isEmpty()
                        ? List.of()
                        : List.of(review.reasons().split("\n")));
        model.put(
                "canDecide",
                review != null
                        && review.isOpen()
                        && (order.state() == OrderStatus.PENDING || order.state() == OrderStatus.PAID));
        model.put("canDeliver", order.state() == OrderStatus.PAID);
        model.put("error", error);
        web.page(ctx, "order", model);
    }

    /** A timeline line: {@code detail} in the admin's language, {@code record} text kept as it was written. */
    private static Map<String, Object> line(
            long at, String type, String kind, String from, String to, String detail, @Nullable String record) {
        Map<String, Object> line = new HashMap<>();
        line.put("at", at);
        line.put("type", type);
        line.put("kind", kind);
        line.put("from", from);
        line.put("to", to);
        line.put("detail", detail);
        line.put("record", record == null || record.isEmpty() ? null : record);
        line.put("legacy", "event".equals(type) && detail.isEmpty());
        return line;
    }

    private static long parseLong(@Nullable String text) {
        try {
            return text == null || text.isBlank() ? Long.MAX_VALUE : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
