package io.kamishop.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A local Bot API server for one bot, answering as https://core.telegram.org/bots/api documents:
 * {@code getUpdates} (offset confirms and forgets earlier updates; waits up to {@code timeout}
 * seconds when there are none), {@code sendMessage} and {@code editMessageText} (return the Message),
 * {@code answerCallbackQuery}, {@code setWebhook} and {@code deleteWebhook} (return true), a 401
 * for a wrong token. Users act through {@link #userSends} and {@link #userPresses}, which presses only
 * a button the message really shows. {@link #goDown()} and {@link #comeBack()} stop and restart it
 * on the same port, as an outage would.
 */
final class FakeTelegram implements AutoCloseable {

    static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message the bot sent, with its text and keyboard as they are now (after edits). */
    record Message(long chatId, long messageId, String text, JsonNode replyMarkup) {}

    private final int port;
    private HttpServer server;
    private final List<ObjectNode> pending = new ArrayList<>();
    private final Map<Long, Message> messages = new LinkedHashMap<>();
    /** Each user's Telegram client language ({@code language_code}), sent with their updates; {@code en} when unset. */
    private final Map<Long, String> languages = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<Message> sent = new ArrayList<>();
    private final List<Message> edits = new ArrayList<>();
    private final List<JsonNode> calls = new ArrayList<>();
    private long nextUpdateId = 1000;
    private long nextMessageId = 1;

    FakeTelegram() throws IOException {
        server = start(0);
        port = server.getAddress().getPort();
    }

    String apiBase() {
        return "http://127.0.0.1:" + port;
    }

    synchronized void userSends(long userId, String text) {
        userSendsIn(userId, userId, "private", text);
    }

    /** A message in a group ({@code chatType} "group" or "supergroup") or a private chat. */
    synchronized void userSendsIn(long userId, long chatId, String chatType, String text) {
        ObjectNode update = update();
        ObjectNode message = update.putObject("message");
        message.put("message_id", nextMessageId++);
        message.set("from", user(userId));
        message.putObject("chat").put("id", chatId).put("type", chatType);
        message.put("date", System.currentTimeMillis() / 1000);
        message.put("text", text);
        pending.add(update);
        notifyAll();
    }

    /** Presses the button whose text matches under a message of the bot, as the user's client would. */
    synchronized void userPresses(long userId, Message shown, Predicate<String> buttonText) {
        Message now = messages.get(shown.messageId());
        String data = null;
        for (JsonNode row : now.replyMarkup().path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (buttonText.test(button.path("text").asText()) && button.has("callback_data")) {
                    data = button.path("callback_data").asText();
                }
            }
        }
        if (data == null) {
            throw new AssertionError("no such button under message " + now.messageId() + ": " + now.replyMarkup());
        }
        ObjectNode update = update();
        ObjectNode callback = update.putObject("callback_query");
        callback.put("id", "cb" + update.path("update_id").asLong());
        callback.set("from", user(userId));
        ObjectNode message = callback.putObject("message");
        message.put("message_id", now.messageId());
        message.putObject("chat").put("id", now.chatId()).put("type", "private");
        message.put("text", now.text());
        callback.put("chat_instance", "1");
        callback.put("data", data);
        pending.add(update);
        notifyAll();
    }

    /** Waits until a message the bot sent (or edited to) in this chat matches; returns it as it is now. */
    Message awaitMessage(long chatId, Predicate<String> text, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (this) {
            while (true) {
                for (Message m : messages.values()) {
                    if (m.chatId() == chatId && text.test(m.text())) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "no message in chat " + chatId + " matched within " + within + "; chat shows: "
                                    + messages.values().stream()
                                            .filter(m -> m.chatId() == chatId)
                                            .map(Message::text)
                                            .toList());
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Every sendMessage to a chat, in order (edits not counted). */
    synchronized List<Message> sentTo(long chatId) {
        return sent.stream().filter(m -> m.chatId() == chatId).toList();
    }

    synchronized List<JsonNode> calls(String method) {
        return calls.stream()
                .filter(c -> c.path("method").asText().equals(method))
                .toList();
    }

    synchronized boolean allUpdatesTaken() {
        return pending.isEmpty();
    }

    void goDown() {
        HttpServer s;
        synchronized (this) {
            s = server;
            server = null;
            notifyAll();
        }
        s.stop(0);
    }

    void comeBack() throws IOException {
        HttpServer s = start(port);
        synchronized (this) {
            server = s;
        }
    }

    @Override
    public void close() {
        HttpServer s;
        synchronized (this) {
            s = server;
            server = null;
            notifyAll();
        }
        if (s != null) {
            s.stop(0);
        }
    }

    private HttpServer start(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-telegram");
            t.setDaemon(true);
            return t;
        }));
        s.createContext("/", this::serve);
        s.start();
        return s;
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String prefix = "/bot" + TOKEN + "/";
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (!path.startsWith(prefix)) {
            answer(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
            return;
        }
        String method = path.substring(prefix.length());
        JsonNode params = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        ObjectNode call = JSON.createObjectNode().put("method", method);
        call.set("params", params);
        synchronized (this) {
            calls.add(call);
        }
        try {
            JsonNode result = switch (method) {
                case "getUpdates" -> getUpdates(params);
                case "sendMessage" -> sendMessage(params);
                case "editMessageText" -> editMessageText(params);
                case "answerCallbackQuery", "setWebhook", "deleteWebhook" ->
                    JSON.getNodeFactory().booleanNode(true);
                default -> null;
            };
            if (result == null) {
                answer(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
                return;
            }
            ObjectNode ok = JSON.createObjectNode().put("ok", true);
            ok.set("result", result);
            answer(exchange, 200, JSON.writeValueAsString(ok));
        } catch (BadRequest e) {
            answer(
                    exchange,
                    400,
                    "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: " + e.getMessage() + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized JsonNode getUpdates(JsonNode params) throws InterruptedException {
        long offset = params.path("offset").asLong(0);
        pending.removeIf(u -> u.path("update_id").asLong() < offset);
        long deadline = System.nanoTime()
                + Duration.ofSeconds(params.path("timeout").asLong(0)).toNanos();
        while (pending.isEmpty() && server != null && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        ArrayNode result = JSON.createArrayNode();
        pending.forEach(result::add);
        return result;
    }

    private synchronized JsonNode sendMessage(JsonNode params) throws BadRequest {
        String text = params.path("text").asText("");
        if (text.isEmpty()) {
            throw new BadRequest("message text is empty");
        }
        Message m = new Message(params.path("chat_id").asLong(), nextMessageId++, text, params.path("reply_markup"));
        messages.put(m.messageId(), m);
        sent.add(m);
        notifyAll();
        return messageJson(m);
    }

    private synchronized JsonNode editMessageText(JsonNode params) throws BadRequest {
        Message old = messages.get(params.path("message_id").asLong());
        if (old == null || old.chatId() != params.path("chat_id").asLong()) {
            throw new BadRequest("message to edit not found");
        }
        Message m =
                new Message(old.chatId(), old.messageId(), params.path("text").asText(""), params.path("reply_markup"));
        if (m.text().equals(old.text()) && m.replyMarkup().equals(old.replyMarkup())) {
            throw new BadRequest("message is not modified");
        }
        messages.put(m.messageId(), m);
        edits.add(m);
        notifyAll();
        return messageJson(m);
    }

    private ObjectNode update() {
        return JSON.createObjectNode().put("update_id", nextUpdateId++);
    }

    /** The user's client speaks {@code languageCode} from now on (Telegram's {@code language_code}, e.g. {@code zh-hans}). */
    public void userSpeaks(long userId, String languageCode) {
        languages.put(userId, languageCode);
    }

    private ObjectNode user(long userId) {
        return JSON.createObjectNode()
                .put("id", userId)
                .put("is_bot", false)
                .put("first_name", "Buyer")
                .put("language_code", languages.getOrDefault(userId, "en"));
    }

    private static ObjectNode messageJson(Message m) {
        ObjectNode json =
                JSON.createObjectNode().put("message_id", m.messageId()).put("date", System.currentTimeMillis() / 1000);
        json.putObject("chat").put("id", m.chatId()).put("type", "private");
        json.put("text", m.text());
        if (!m.replyMarkup().isMissingNode()) {
            json.set("reply_markup", m.replyMarkup());
        }
        return json;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }
}
