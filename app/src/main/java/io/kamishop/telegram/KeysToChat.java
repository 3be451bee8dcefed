package io.kamishop.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.StoreUrls;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import io.kamishop.outbox.Outbox;
import io.kamishop.outbox.OutboxHandler;
import io.kamishop.outbox.OutboxMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends a delivered bot order's keys to the chat that bought them: the {@code telegram-keys} topic of the
 * {@link Outbox}, one message per order, owed in the delivering transaction ({@link TelegramBuyers}) and
 * sent with the outbox's lease and backoff while Telegram is down, across restarts and nodes. The message
 * names the order only: the keys are read from the delivered order ({@link DeliveryService#visibleKeys})
 * when it is sent, never copied into the outbox, and only for an order that is still delivered. As mails,
 * at least once: a crash between Telegram's answer and the sent mark sends it again after the lease
 * (Telegram has no idempotency key to close that window).
 */
final class KeysToChat implements OutboxHandler {

    static final String TOPIC = "telegram-keys";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Room for the keys in one message, below Telegram's 4096 characters with the words around them. */
    private static final int KEYS_PER_MESSAGE = 3500;

    private final Database database;
    private final Outbox outbox;
    private final OrderService orders;
    private final DeliveryService delivery;
    private final StoreUrls urls;
    private final TelegramSettings settings;
    private final Function<BotConfig, BotApi> apis;
    private final Supplier<String> language;

    KeysToChat(
            Database database,
            Outbox outbox,
            OrderService orders,
            DeliveryService delivery,
            StoreUrls urls,
            TelegramSettings settings,
            Function<BotConfig, BotApi> apis,
            Supplier<String> language) {
        this.database = database;
        this.outbox = outbox;
        this.orders = orders;
        this.delivery = delivery;
        this.urls = urls;
        this.settings = settings;
        this.apis = apis;
        this.language = language;
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public boolean ready() {
        return settings.current().running(); // rows wait, nothing is lost: they go once the bot is on again
    }

    /** Inside the delivering transaction: the order's chat is owed its keys, once. */
    /** A buyer is waiting in the chat for these keys: after a blip of Telegram's, try again in seconds, not half a minute. */
    @Override
    public java.time.Duration firstRetry() {
        return java.time.Duration.ofSeconds(2);
    }

    void owe(Order order) {
        outbox.enqueue(TOPIC, Long.toString(order.id()), order.id(), payload(order));
    }

    void wake() {
        outbox.wake(TOPIC);
    }

    /** See {@link TelegramBot#keysResender}. */
    static Optional<Boolean> resend(Database database, Outbox outbox, Order order) {
        if (TelegramDao.chatOf(database, order.orderNo()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(outbox.resend(TOPIC, Long.toString(order.id()), order.id(), payload(order)));
    }

    @Override
    public @Nullable String handle(OutboxMessage message) throws Exception {
        String orderNo = JSON.readTree(message.payload()).path("orderNo").asText();
        ChatOrder chat = TelegramDao.chatOf(database, orderNo)
                .orElseThrow(() -> new Permanent("order " + orderNo + " was not placed in a chat"));
        Order order = orders.require(orderNo);
        if (order.state() != OrderStatus.DELIVERED) {
            // Refunded after delivery, say: what was delivered is not shown by the bot any more.
            throw new Permanent("order is " + order.status());
        }
        BotApi api = apis.apply(settings.current());
        try {
            // Many keys may not fit one message (4096 characters): they go in several, and the row is marked
            // sent after the last, so an outage in between sends them all again rather than some never.
            for (String text : keysTexts(order, chat.language())) {
                api.sendMessage(chat.chatId(), text, null);
            }
            return null;
        } catch (BotApiException e) {
            if (e.retryAfterSeconds() > 0) {
                throw new RetryAfter(Duration.ofSeconds(e.retryAfterSeconds()), e.getMessage());
            }
            if (e.errorCode() == 400 || e.errorCode() == 403) {
                throw new Permanent(e.getMessage()); // chat not found, the user blocked the bot: waiting will not help
            }
            throw e;
        }
    }

    private static String payload(Order order) {
        return JSON.createObjectNode().put("orderNo", order.orderNo()).toString();
    }

    /** In the language the buyer chatted in when ordering (their Telegram client's), else the store's default. */
    private List<String> keysTexts(Order order, String chatLanguage) {
        BotTexts t = BotTexts.forChat(chatLanguage, language.get());
        List<String> keys = delivery.visibleKeys(order);
        if (keys.isEmpty()) {
            // A file order: the files are downloaded from the order page, as the keys mail says.
            return List.of(t.say(
                    "files_delivered",
                    order.orderNo(),
                    order.quantity(),
                    order.productName(),
                    urls.orderPage(order.orderNo(), orders.mailLinkToken(order.orderNo()))));
        }
        List<String> texts = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (String key : keys) {
            if (chunk.length() > 0 && chunk.length() + key.length() + 1 > KEYS_PER_MESSAGE) {
                texts.add(t.say("keys_delivered", order.orderNo(), order.quantity(), order.productName(), chunk));
                chunk.setLength(0);
            }
            chunk.append(chunk.length() == 0 ? "" : "\n").append(key);
        }
        texts.add(t.say("keys_delivered", order.orderNo(), order.quantity(), order.productName(), chunk));
        return texts;
    }
}
