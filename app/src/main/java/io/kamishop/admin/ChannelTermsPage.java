package io.kamishop.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.config.ChannelTerms;
import io.kamishop.config.StoreSettings;
import io.kamishop.domain.Refusal;
import io.kamishop.payment.ChannelRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Fees and amount limits per payment channel, a section of the settings: one row per channel buyers can use
 * now (and per channel that still has terms stored). The form is turned into the store settings
 * {@code channelFees} and {@code channelLimits} and checked by the same {@link StoreSettings#problem} as
 * {@code PUT /api/admin/settings}, so the page cannot store what the API would refuse.
 */
final class ChannelTermsPage {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ChannelTermsPage() {}

    static void register(
            JavalinDefaultRoutingApi<?> routes, AdminWeb web, StoreSettings settings, ChannelRegistry channels) {
        routes.get("/admin/settings/channels", ctx -> show(ctx, web, rows(settings, channels, null), List.of()));
        routes.post("/admin/settings/channels", ctx -> {
            List<String> ids = ctx.formParams("channel");
            ObjectNode fees = NODES.objectNode();
            ObjectNode limits = NODES.objectNode();
            List<String> problems = new ArrayList<>();
            for (String id : ids) {
                ObjectNode fee = NODES.objectNode();
                put(fee, "percent", ctx.formParam("percent." + id), id, problems);
                put(fee, "fixed", ctx.formParam("fixed." + id), id, problems);
                if (!fee.isEmpty()) {
                    fees.set(id, fee);
                }
                ObjectNode limit = NODES.objectNode();
                put(limit, "min", ctx.formParam("min." + id), id, problems);
                put(limit, "max", ctx.formParam("max." + id), id, problems);
                if (!limit.isEmpty()) {
                    limits.set(id, limit);
                }
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put(StoreSettings.CHANNEL_FEES.name(), fees.toString());
            values.put(StoreSettings.CHANNEL_LIMITS.name(), limits.toString());
            if (problems.isEmpty()) {
                try {
                    settings.change(values);
                } catch (Refusal e) {
                    problems.addAll(SettingFields.fieldProblems(e).values());
                }
            }
            if (!problems.isEmpty()) {
                ctx.status(422);
                show(ctx, web, rows(settings, channels, ctx), problems);
                return;
            }
            web.audit(
                    ctx,
                    "settings.update",
                    "channelFees=" + values.get("channelFees") + ", channelLimits=" + values.get("channelLimits"));
            web.redirectDone(ctx, "/admin/settings/channels", "saved");
        });
    }

    /** A number typed in the form as the JSON the setting holds; blank leaves the field out. */
    private static void put(
            ObjectNode entry, String field, @Nullable String text, String channel, List<String> problems) {
        if (text == null || text.isBlank()) {
            return;
        }
        String typed = text.strip();
        try {
            // Minor units as a whole number; anything else goes in as typed, for the setting's check to name.
            entry.set(
                    field,
                    !field.equals("percent") && typed.matches("-?[0-9]{1,18}")
                            ? NODES.numberNode(Long.parseLong(typed))
                            : NODES.numberNode(new BigDecimal(typed)));
        } catch (NumberFormatException e) {
            problems.add(channel + "." + field + " must be a number");
        }
    }

    private static List<Map<String, Object>> rows(
            StoreSettings settings, ChannelRegistry channels, @Nullable Context submitted) {
        Map<String, String> names = new LinkedHashMap<>();
        // Fees and limits are set per buyer choice: one row per EPay type (epay-alipay, ...), as orders record it.
        for (ChannelRegistry.Choice choice : channels.choices()) {
            names.put(choice.id(), choice.name());
        }
        Map<String, ChannelTerms.Fee> fees = ChannelTerms.fees(settings.get(StoreSettings.CHANNEL_FEES));
        Map<String, ChannelTerms.Limit> limits = ChannelTerms.limits(settings.get(StoreSettings.CHANNEL_LIMITS));
        List<String> ids = new ArrayList<>(names.keySet());
        fees.keySet().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        limits.keySet().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("name", names.getOrDefault(id, id));
            row.put("running", names.containsKey(id));
            ChannelTerms.Fee fee = fees.get(id);
            ChannelTerms.Limit limit = limits.get(id);
            row.put(
                    "percent",
                    submitted != null
                            ? submitted.formParam("percent." + id)
                            : fee == null || fee.percent().signum() == 0
                                    ? ""
                                    : fee.percent().toPlainString());
            row.put(
                    "fixed",
                    submitted != null
                            ? submitted.formParam("fixed." + id)
                            : fee == null || fee.fixed() == 0 ? "" : String.valueOf(fee.fixed()));
            row.put(
                    "min",
                    submitted != null
                            ? submitted.formParam("min." + id)
                            : limit == null || limit.min() == null ? "" : String.valueOf(limit.min()));
            row.put(
                    "max",
                    submitted != null
                            ? submitted.formParam("max." + id)
                            : limit == null || limit.max() == null ? "" : String.valueOf(limit.max()));
            rows.add(row);
        }
        return rows;
    }

    private static void show(Context ctx, AdminWeb web, List<Map<String, Object>> rows, List<String> problems) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("channels", rows);
        model.put("problems", problems);
        web.page(ctx, "channel_terms", model);
    }
}
