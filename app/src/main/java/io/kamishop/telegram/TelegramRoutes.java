package io.kamishop.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.web.JsonBody;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The bot's settings in the admin API, and the webhook Telegram POSTs updates to in webhook mode. */
public final class TelegramRoutes {

    private TelegramRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, ObjectMapper mapper, TelegramBot bot) {
        TelegramSettings settings = bot.settings();
        routes.get("/api/admin/telegram", ctx -> ctx.json(settings.view()));
        routes.put("/api/admin/telegram", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            Map<String, String> values = new LinkedHashMap<>();
            body.fields()
                    .forEachRemaining(e -> values.put(
                            e.getKey(), body.optionalScalarText(e.getKey()).orElse("")));
            settings.store(values);
            bot.settingsChanged();
            ctx.json(settings.view());
        });
        routes.post("/api/telegram/webhook", ctx -> {
            BotConfig config = settings.current();
            if (!config.running() || !config.webhook()) {
                throw Refusal.notFound("not_found", "the Telegram bot does not take webhook updates");
            }
            // Telegram sends the secret_token given to setWebhook in this header on every update
            // (https://core.telegram.org/bots/api#setwebhook); anything else is not Telegram.
            String sent = ctx.header("X-Telegram-Bot-Api-Secret-Token");
            if (sent == null
                    || !MessageDigest.isEqual(
                            sent.getBytes(StandardCharsets.UTF_8),
                            // Every settings change stores one (TelegramSettings.store): webhook mode is set by one.
                            Objects.requireNonNull(config.webhookSecret(), "no webhook secret")
                                    .getBytes(StandardCharsets.UTF_8))) {
                throw Refusal.forbidden("bad_secret_token", "the request does not carry the bot's secret token");
            }
            JsonNode update;
            try {
                update = mapper.readTree(ctx.body());
            } catch (java.io.IOException e) {
                throw Refusal.badRequest("malformed_json", "the update is not JSON");
            }
            if (update == null || !update.path("update_id").canConvertToLong()) {
                throw Refusal.badRequest("invalid_update", "an update needs an update_id");
            }
            bot.receive(config, update);
            ctx.json(Map.of("ok", true));
        });
    }
}
