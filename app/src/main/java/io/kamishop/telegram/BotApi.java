package io.kamishop.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The few Bot API methods the shop uses, as JSON POSTs to {@code <apiBase>/bot<token>/<method>}
 * (https://core.telegram.org/bots/api). Every call goes through the store's guarded HTTP client, so a
 * self-hosted Bot API server on a private address needs {@code KAMISHOP_ALLOW_PRIVATE_OUTBOUND=true}.
 * The token is part of the URL path, as Telegram wants it: it is never logged, and errors name the
 * method only.
 */
final class BotApi {

    /** Telegram's limit for one message; longer texts are cut (a keys message is split before that). */
    static final int MAX_TEXT = 4096;

    private final OutboundHttp http;
    private final ObjectMapper mapper;
    private final String apiBase;
    private final @Nullable String token; // null before the merchant sets one: every call then fails

    BotApi(OutboundHttp http, ObjectMapper mapper, String apiBase, @Nullable String token) {
        this.http = http;
        this.mapper = mapper;
        this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
        this.token = token;
    }

    /** Long polling: waits up to {@code timeoutSeconds} for updates from {@code offset} on. */
    List<JsonNode> getUpdates(long offset, int timeoutSeconds) throws BotApiException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("offset", offset);
        params.put("timeout", timeoutSeconds);
        params.put("allowed_updates", List.of("message", "callback_query"));
        JsonNode result = call("getUpdates", params, Duration.ofSeconds(timeoutSeconds + 10L));
        List<JsonNode> updates = new ArrayList<>();
        result.forEach(updates::add);
        return updates;
    }

    JsonNode sendMessage(long chatId, String text, @Nullable Object replyMarkup) throws BotApiException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("chat_id", chatId);
        params.put("text", clip(text));
        params.put("link_preview_options", Map.of("is_disabled", true));
        if (replyMarkup != null) {
            params.put("reply_markup", replyMarkup);
        }
        return call("sendMessage", params, Duration.ofSeconds(15));
    }

    void editMessageText(long chatId, long messageId, String text, @Nullable Object replyMarkup)
            throws BotApiException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("chat_id", chatId);
        params.put("message_id", messageId);
        params.put("text", clip(text));
        params.put("link_preview_options", Map.of("is_disabled", true));
        if (replyMarkup != null) {
            params.put("reply_markup", replyMarkup);
        }
        call("editMessageText", params, Duration.ofSeconds(15));
    }

    void answerCallbackQuery(String callbackQueryId, @Nullable String text) throws BotApiException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("callback_query_id", callbackQueryId);
        if (text != null) {
            params.put("text", text);
        }
        call("answerCallbackQuery", params, Duration.ofSeconds(15));
    }

    /** Webhook mode: Telegram then POSTs updates to {@code url} with {@code secret} in X-Telegram-Bot-Api-Secret-Token. */
    void setWebhook(String url, String secret) throws BotApiException {
        call(
                "setWebhook",
                Map.of("url", url, "secret_token", secret, "allowed_updates", List.of("message", "callback_query")),
                Duration.ofSeconds(15));
    }

    /** Polling mode: getUpdates is refused (409) while a webhook is set, so polling starts by removing it. */
    void deleteWebhook() throws BotApiException {
        call("deleteWebhook", Map.of("drop_pending_updates", false), Duration.ofSeconds(15));
    }

    private JsonNode call(String method, Map<String, Object> params, Duration timeout) throws BotApiException {
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase + "/bot" + token + "/" + method))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            mapper.writeValueAsString(params), StandardCharsets.UTF_8))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (OutboundHttp.OutboundRefusedException e) {
            // Says which host and why (a private address without KAMISHOP_ALLOW_PRIVATE_OUTBOUND), never the path with
            // the token.
            throw new BotApiException(method + ": " + e.getMessage(), 0, 0);
        } catch (IOException | IllegalArgumentException e) {
            // The exception's own message may quote the URL, and the URL holds the token: only its kind is told.
            throw new BotApiException(
                    method + ": Telegram could not be reached (" + e.getClass().getSimpleName() + ")", 0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotApiException(method + ": interrupted", 0, 0);
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (IOException e) {
            throw new BotApiException(
                    method + ": HTTP " + response.statusCode() + " without a Bot API answer", response.statusCode(), 0);
        }
        if (answer == null || !answer.path("ok").asBoolean(false)) {
            int code = answer == null
                    ? response.statusCode()
                    : answer.path("error_code").asInt(response.statusCode());
            String description =
                    answer == null ? "" : answer.path("description").asText("");
            long retryAfter = answer == null
                    ? 0
                    : answer.path("parameters").path("retry_after").asLong(0);
            throw new BotApiException(method + ": " + code + " " + description, code, retryAfter);
        }
        return answer.path("result");
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
