package io.kamishop.telegram;

import io.kamishop.api.StoreUrls;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import io.kamishop.work.BackgroundWork;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a delivered bot order's keys to the chat that bought them, as the mail outbox sends mails:
 * a row owed in the delivering transaction ({@link TelegramBuyers}), a lease per attempt, backoff
 * while Telegram is down, across restarts and nodes. The keys are read from the delivered order
 * ({@link DeliveryService#visibleKeys}), never copied into the bot's tables, and only for an order
 * that is delivered. A row is marked sent once Telegram took the message, so it goes once; the one
 * window left is a crash between Telegram's answer and that mark, after which it is sent again when
 * the lease runs out (at least once, as mails: Telegram has no idempotency key to close it).
 */
final class KeysToChat {

    private static final Logger LOG = LoggerFactory.getLogger(KeysToChat.class);
    /** After this many failed attempts (about two days at the capped backoff) the row is given up and listed for the admin. */
    static final int MAX_ATTEMPTS = 60;

    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** Room for the keys in one message, below Telegram's 4096 characters with the words around them. */
    private static final int KEYS_PER_MESSAGE = 3500;

    private final Database database;
    private final OrderService orders;
    private final DeliveryService delivery;
    private final StoreUrls urls;
    private final TelegramSettings settings;
    private final Function<BotConfig, BotApi> apis;
    private final Supplier<String> language;
    private final Clock clock;
    private final ReentrantLock sending = new ReentrantLock();
    private volatile BackgroundWork.Periodic passes;

    KeysToChat(
            Database database,
            OrderService orders,
            DeliveryService delivery,
            StoreUrls urls,
            TelegramSettings settings,
            Function<BotConfig, BotApi> apis,
            Supplier<String> language,
            Clock clock) {
        this.database = database;
        this.orders = orders;
        this.delivery = delivery;
        this.urls = urls;
        this.settings = settings;
        this.apis = apis;
        this.language = language;
        this.clock = clock;
    }

    void start(BackgroundWork work, Duration every) {
        passes = work.every("telegram-keys", every, every, this::sendDue);
    }

    void wake() {
        BackgroundWork.Periodic task = passes;
        if (task != null) {
            task.wake();
        }
    }

    /** See {@link TelegramBot#resendKeys}. */
    java.util.Optional<Boolean> resend(Order order) {
        java.util.Optional<Boolean> queued = database.write(h -> {
            TelegramDao dao = h.attach(TelegramDao.class);
            if (dao.find(order.orderNo()).isEmpty()) {
                return java.util.Optional.<Boolean>empty();
            }
            return java.util.Optional.of(dao.resendKeys(order.id(), clock.millis()) == 1);
        });
        if (queued.orElse(false)) {
            wake();
        }
        return queued;
    }

    /** One pass over every keys message due now. Returns how many were sent. */
    int sendDue() {
        sending.lock();
        try {
            BotConfig config = settings.current();
            if (!config.running()) {
                return 0; // rows wait, nothing is lost: they go once the bot is on again
            }
            BotApi api = apis.apply(config);
            int sent = 0;
            List<ChatOrder> due = database.read(h -> h.attach(TelegramDao.class).due(clock.millis(), 50));
            for (ChatOrder row : due) {
                long leaseUntil = clock.millis() + LEASE.toMillis();
                if (database.write(
                                h -> h.attach(TelegramDao.class).claim(row.orderId(), row.nextAttemptAt(), leaseUntil))
                        == 1) {
                    sent += send(api, row) ? 1 : 0;
                }
            }
            return sent;
        } finally {
            sending.unlock();
        }
    }

    private boolean send(BotApi api, ChatOrder row) {
        int attempt = row.attempts() + 1;
        try {
            Order order = orders.require(row.orderNo());
            if (order.state() != OrderStatus.DELIVERED) {
                // Refunded after delivery, say: what was delivered is not shown by the bot any more.
                database.write(h -> h.attach(TelegramDao.class)
                        .retryLater(row.orderId(), "failed", clock.millis(), "order is " + order.status()));
                return false;
            }
            // Many keys may not fit one message (4096 characters): they go in several, and the row is marked
            // sent after the last, so an outage in between sends them all again rather than some never.
            for (String text : keysTexts(order, row.language())) {
                api.sendMessage(row.chatId(), text, null);
            }
            database.write(h -> h.attach(TelegramDao.class).keysSent(row.orderId(), clock.millis()));
            return true;
        } catch (BotApiException | RuntimeException e) {
            long wait = e instanceof BotApiException b && b.retryAfterSeconds() > 0
                    ? b.retryAfterSeconds() * 1000
                    : Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20));
            // 400 and 403 (chat not found, the user blocked the bot) will not change by waiting.
            boolean permanent = e instanceof BotApiException b && (b.errorCode() == 400 || b.errorCode() == 403);
            String status = attempt >= MAX_ATTEMPTS || permanent ? "failed" : "due";
            String error = String.valueOf(e.getMessage());
            LOG.warn(
                    "keys of order {} not sent to its Telegram chat (attempt {}), next try in {}s: {}",
                    row.orderNo(),
                    attempt,
                    wait / 1000,
                    error);
            database.write(h -> h.attach(TelegramDao.class)
                    .retryLater(
                            row.orderId(),
                            status,
                            clock.millis() + wait,
                            error.length() > 500 ? error.substring(0, 500) : error));
            return false;
        }
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
