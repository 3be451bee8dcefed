package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.order.OrderCsv;
import io.kamishop.web.HttpRefusals;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sales, refunds and net over a chosen range, per day, product or channel: the reports page
 * ({@code /admin/reports}), its CSV ({@code /admin/reports/sales.csv}), and the same figures as JSON
 * and CSV in the API ({@code /api/admin/reports/sales}, {@code .csv}). Every door reads {@link SalesFigures}.
 */
public final class ReportPages {

    static final List<String> CSV_HEADER =
            List.of("key", "label", "currency", "orders", "sales", "refunds", "refunded", "net");

    private ReportPages() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, SalesFigures figures, Clock clock) {
        routes.get("/api/admin/reports/sales", ctx -> {
            SalesFigures.Range range = range(ctx, figures, clock);
            List<SalesFigures.Row> rows = figures.rows(range);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", range.from().toString());
            body.put("to", range.to().toString());
            body.put("zone", figures.zone().getId());
            body.put("groupBy", range.groupBy().id());
            body.put("rows", rows.stream().map(ReportPages::json).toList());
            body.put(
                    "totals",
                    SalesFigures.totals(rows).stream().map(ReportPages::json).toList());
            ctx.json(body);
        });
        routes.get("/api/admin/reports/sales.csv", ctx -> csv(ctx, figures, range(ctx, figures, clock)));
        routes.get("/admin/reports/sales.csv", ctx -> csv(ctx, figures, range(ctx, figures, clock)));
        routes.get("/admin/reports", ctx -> {
            Map<String, Object> model = new HashMap<>();
            model.put("from", ctx.queryParam("from") == null ? "" : ctx.queryParam("from"));
            model.put("to", ctx.queryParam("to") == null ? "" : ctx.queryParam("to"));
            model.put("groupBy", ctx.queryParam("groupBy") == null ? "day" : ctx.queryParam("groupBy"));
            model.put("zone", figures.zone().getId());
            try {
                SalesFigures.Range range = range(ctx, figures, clock);
                List<SalesFigures.Row> rows = figures.rows(range);
                model.put("from", range.from().toString());
                model.put("to", range.to().toString());
                model.put("groupBy", range.groupBy().id());
                model.put("rows", rows.stream().map(ReportPages::shown).toList());
                model.put(
                        "totals",
                        SalesFigures.totals(rows).stream()
                                .map(ReportPages::shown)
                                .toList());
                model.put(
                        "query",
                        "from=" + range.from() + "&to=" + range.to() + "&groupBy="
                                + range.groupBy().id());
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                model.put("error", e.getMessage());
                model.put("rows", List.of());
                model.put("totals", List.of());
            }
            web.page(ctx, "reports", model);
        });
    }

    private static SalesFigures.Range range(Context ctx, SalesFigures figures, Clock clock) {
        return SalesFigures.range(
                ctx.queryParam("from"),
                ctx.queryParam("to"),
                ctx.queryParam("groupBy"),
                LocalDate.now(clock.withZone(figures.zone())));
    }

    private static void csv(Context ctx, SalesFigures figures, SalesFigures.Range range) throws IOException {
        // Figures first, then the answer: a bad range is still the JSON 400, never half a file.
        List<SalesFigures.Row> rows = figures.rows(range);
        Writer out = new StringWriter();
        write(out, rows);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header(
                "Content-Disposition",
                "attachment; filename=\"sales-" + range.groupBy().id() + "-" + range.from() + "-" + range.to()
                        + ".csv\"");
        ctx.header("Cache-Control", "no-store");
        ctx.result(out.toString());
    }

    /** The same figures as the page, RFC 4180, each cell made safe for a spreadsheet by {@link OrderCsv}; totals last. */
    static void write(Writer out, List<SalesFigures.Row> rows) throws IOException {
        OrderCsv.writeRow(out, CSV_HEADER);
        for (SalesFigures.Row r : rows) {
            OrderCsv.writeRow(out, cells(r));
        }
        for (SalesFigures.Row r : SalesFigures.totals(rows)) {
            OrderCsv.writeRow(out, cells(r));
        }
    }

    private static List<String> cells(SalesFigures.Row r) {
        return List.of(
                r.key(),
                r.label() == null ? "" : r.label(),
                r.currency(),
                Long.toString(r.orders()),
                OrderCsv.major(r.sales(), r.currency()),
                Long.toString(r.refunds()),
                OrderCsv.major(r.refunded(), r.currency()),
                OrderCsv.major(r.net(), r.currency()));
    }

    private static Map<String, Object> json(SalesFigures.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", r.key());
        m.put("label", r.label());
        m.put("currency", r.currency());
        m.put("orders", r.orders());
        m.put("sales", r.sales());
        m.put("refunds", r.refunds());
        m.put("refunded", r.refunded());
        m.put("net", r.net());
        return m;
    }

    private static Map<String, Object> shown(SalesFigures.Row r) {
        Map<String, Object> m = json(r);
        m.put("salesText", OrderCsv.major(r.sales(), r.currency()));
        m.put("refundedText", OrderCsv.major(r.refunded(), r.currency()));
        m.put("netText", OrderCsv.major(r.net(), r.currency()));
        return m;
    }
}
