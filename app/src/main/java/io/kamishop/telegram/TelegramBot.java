package io.kamishop.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.admin.AdminAudit;
import io.kamishop.admin.SalesReport;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.StoreUrls;
import io.kamishop.catalog.CatalogService;
import io.kamishop.checkout.BuyerOrders;
import io.kamishop.checkout.PlaceOrder;
import io.kamishop.config.StoreSettings;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.inventory.InventoryService;
import io.kamishop.order.OrderChanges;
import io.kamishop.order.OrderService;
import io.kamishop.payment.ChannelRegistry;
import io.kamishop.risk.Reviews;
import io.kamishop.web.RateLimits;
import io.kamishop.work.BackgroundWork;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's Telegram storefront (issue 23): a buyer shops in a chat, the merchant's own chat gets
 * admin commands.
 *
 * <p><b>Why this is a feature of the store and not a plugin.</b> A bot is a door, like the JSON API
 * and the storefront pages, and every door must call the same use cases ({@code PlaceOrder},
 * {@code BuyerOrders}, the risk desk's {@code Reviews}) so that no limit or rule can be skipped
 * through it. The plugin API gives plugins none of these (a notifier only hears events), and widening
 * it to place orders, open them and decide reviews would make the whole checkout a promise to
 * plugin authors. So the bot lives here, is switched on and configured in the admin
 * ({@code /api/admin/telegram}), and the {@code notify-telegram} plugin stays what it is: alerts.
 *
 * <p>Updates come by long polling ({@code getUpdates}, the default: no public URL needed) on one
 * node (a leader duty: Telegram refuses two pollers of one bot), or by webhook with Telegram's secret
 * token when the store has a public URL. Either way each update is handled once: the next update id
 * is kept in the database and advanced after each one, so a restart neither repeats a handled button
 * press (which could place a second order) nor skips one. A chat user sending more than
 * {@code KAMISHOP_RATE_BOT_UPDATES_PER_MINUTE} (20) messages and presses a minute is not answered.
 */
public final class TelegramBot {

    static final String POLLING_DUTY = "telegram-polling";
    private static final Logger LOG = LoggerFactory.getLogger(TelegramBot.class);
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);
    private static final int POLL_SECONDS = 25;

    private final Database database;
    private final TelegramSettings settings;
    private final OutboundHttp http;
    private final ObjectMapper mapper;
    private final ShopConversation shop;
    private final MerchantCommands merchant;
    private final RateLimits limits;
    private final Predicate<String> leads;
    private final KeysToChat keys;
    private final Object idle = new Object();
    private volatile boolean running = true;
    /** What this node last told Telegram: "webhook", "polling" or null (nothing yet, or it failed). */
    private volatile @Nullable String registered;

    TelegramBot(
            Database database,
            TelegramSettings settings,
            OutboundHttp http,
            ObjectMapper mapper,
            ShopConversation shop,
            MerchantCommands merchant,
            RateLimits limits,
            Predicate<String> leads,
            KeysToChat keys) {
        this.database = database;
        this.settings = settings;
        this.http = http;
        this.mapper = mapper;
        this.shop = shop;
        this.merchant = merchant;
        this.limits = limits;
        this.leads = leads;
        this.keys = keys;
    }

    /** The store's parts the bot calls: the same use cases and services every other door calls. */
    public record Parts(
            Database database,
            io.kamishop.outbox.Outbox outbox,
            TelegramSettings settings,
            OutboundHttp http,
            ObjectMapper mapper,
            CatalogService catalog,
            InventoryService inventory,
            ChannelRegistry channels,
            PlaceOrder placing,
            BuyerOrders buyerOrders,
            OrderService orders,
            OrderChanges orderChanges,
            DeliveryService delivery,
            StoreUrls urls,
            StoreSettings storeSettings,
            SalesReport sales,
            Reviews reviews,
            AdminAudit audit,
            RateLimits limits,
            Predicate<String> leads,
            Clock clock) {}

    /** Builds the bot and hooks it into order placement and delivery; {@link #start()} starts its threads. */
    public static TelegramBot wire(Parts p) {
        Function<BotConfig, BotApi> apis = config -> new BotApi(p.http(), p.mapper(), config.apiBase(), config.token());
        KeysToChat keys = new KeysToChat(
                p.database(),
                p.outbox(),
                p.orders(),
                p.delivery(),
                p.urls(),
                p.settings(),
                apis,
                () -> p.storeSettings().get(StoreSettings.DEFAULT_LANGUAGE));
        p.outbox().register(keys);
        TelegramBuyers buyers = new TelegramBuyers(p.clock(), keys);
        p.orders().addPlacementStep(buyers);
        p.orderChanges().subscribeInTransaction(buyers::onStatusChange);
        ShopConversation shop = new ShopConversation(
                p.database(),
                p.catalog(),
                p.inventory(),
                p.channels(),
                p.placing(),
                p.buyerOrders(),
                p.orders(),
                p.storeSettings());
        MerchantCommands merchant = new MerchantCommands(
                p.database(), p.sales(), p.catalog(), p.inventory(), p.orders(), p.reviews(), p.audit());
        return new TelegramBot(
                p.database(), p.settings(), p.http(), p.mapper(), shop, merchant, p.limits(), p.leads(), keys);
    }

    BotApi api(BotConfig config) {
        return new BotApi(http, mapper, config.apiBase(), config.token());
    }

    /**
     * The merchant's "resend the keys" for an order placed in a chat: owed to the chat again (once, however
     * often asked before it goes). Empty for an order the bot did not place; {@code true} when queued now,
     * {@code false} when it was already on its way. Needs no bot: the mail outbox, built long before the bot,
     * asks it.
     */
    public static java.util.function.Function<io.kamishop.order.Order, java.util.Optional<Boolean>> keysResender(
            Database database, io.kamishop.outbox.Outbox outbox) {
        return order -> KeysToChat.resend(database, outbox, order);
    }

    public TelegramSettings settings() {
        return settings;
    }

    /** Starts the poller (it idles while the bot is off or in webhook mode); the outbox sends the keys. */
    public void start(BackgroundWork work) {
        work.loop("telegram", this::pollUntilClosed, this::stopPolling);
        keys.wake();
    }

    /** The admin changed the settings: register the new mode with Telegram now, not at the next idle tick. */
    public void settingsChanged() {
        registered = null;
        synchronized (idle) {
            idle.notifyAll();
        }
        keys.wake();
    }

    /** Webhook mode: one update Telegram POSTed, after the caller checked the secret token. */
    void receive(BotConfig config, JsonNode update) {
        handleOnce(config, api(config), update);
    }

    private void pollUntilClosed() {
        long backoff = 1000;
        while (running) {
            try {
                BotConfig config = settings.current();
                if (!config.running() || !leads.test(POLLING_DUTY)) {
                    registered = null;
                    sleep(IDLE.toMillis());
                    continue;
                }
                BotApi api = api(config);
                if (config.webhook()) {
                    if (!"webhook".equals(registered)) {
                        // Every settings change stores one (TelegramSettings.store); setWebhook's Map.of refused null
                        // already.
                        api.setWebhook(
                                settings.webhookUrl(),
                                Objects.requireNonNull(config.webhookSecret(), "no webhook secret"));
                        registered = "webhook";
                    }
                    sleep(IDLE.toMillis());
                    continue;
                }
                if (!"polling".equals(registered)) {
                    api.deleteWebhook();
                    registered = "polling";
                }
                long offset = database.read(tx -> tx.dao(TelegramDao.class).nextUpdateId())
                        .orElse(0L);
                List<JsonNode> updates = api.getUpdates(offset, POLL_SECONDS);
                for (JsonNode update : updates) {
                    handleOnce(config, api, update);
                }
                backoff = 1000;
            } catch (BotApiException e) {
                if (!running) {
                    return;
                }
                if (e.errorCode() == 409) {
                    registered = null; // a webhook was set meanwhile (or another poller runs): set the mode again
                }
                long wait = e.retryAfterSeconds() > 0 ? e.retryAfterSeconds() * 1000 : backoff;
                LOG.warn("Telegram bot: {}; trying again in {} ms", e.getMessage(), wait);
                sleep(wait);
                backoff = Math.min(LONGEST_BACKOFF.toMillis(), backoff * 2);
            } catch (RuntimeException e) {
                LOG.warn("Telegram bot poll failed, trying again in {} ms", backoff, e);
                sleep(backoff);
                backoff = Math.min(LONGEST_BACKOFF.toMillis(), backoff * 2);
            }
        }
    }

    /**
     * Handles an update unless it was handled already, then records it as handled. It is recorded
     * even when answering failed (Telegram down mid-answer): handling it again could place a second
     * order, and a buyer who got no answer asks again.
     */
    private void handleOnce(BotConfig config, BotApi api, JsonNode update) {
        long updateId = update.path("update_id").asLong(-1);
        if (updateId < 0) {
            return;
        }
        long next =
                database.read(tx -> tx.dao(TelegramDao.class).nextUpdateId()).orElse(0L);
        if (updateId < next) {
            return;
        }
        try {
            handle(config, api, update);
        } catch (BotApiException e) {
            LOG.warn("Telegram bot could not answer update {}: {}", updateId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Telegram bot failed on update {}", updateId, e);
        } finally {
            database.write(tx -> {
                tx.dao(TelegramDao.class).saveNextUpdateId(updateId + 1);
                return null;
            });
        }
    }

    private void handle(BotConfig config, BotApi api, JsonNode update) throws BotApiException {
        JsonNode message = update.path("message");
        JsonNode callback = update.path("callback_query");
        JsonNode from = message.isObject() ? message.path("from") : callback.path("from");
        if (!from.path("id").canConvertToLong() || from.path("is_bot").asBoolean(false)) {
            return;
        }
        if (!limits.allowBotUpdate("telegram:" + from.path("id").asLong())) {
            return; // a flood gets silence (see RateLimits.allowBotUpdate)
        }
        // The shop serves private chats only: in a group, the payment link and the keys would be everyone's.
        // A group can still be the merchant chat, for the merchant commands.
        if (message.isObject()) {
            String text = message.path("text").asText("").strip();
            long chatId = message.path("chat").path("id").asLong();
            boolean privateChat =
                    "private".equals(message.path("chat").path("type").asText());
            if (!privateChat && !config.isMerchant(chatId)) {
                return;
            }
            if (!text.startsWith("/")) {
                shop.command(api, chatId, from, "/help");
                return;
            }
            int space = text.indexOf(' ');
            String command = (space < 0 ? text : text.substring(0, space)).toLowerCase();
            int mention = command.indexOf('@'); // "/start@kamishop_bot" in a group
            command = mention < 0 ? command : command.substring(0, mention);
            String args = space < 0 ? "" : text.substring(space + 1).strip();
            if (config.isMerchant(chatId) && MerchantCommands.isMerchantCommand(command)) {
                api.sendMessage(
                        chatId,
                        merchant.answer(shop.textsFor(from), from.path("id").asLong(), command, args),
                        null);
            } else if (privateChat) {
                shop.command(api, chatId, from, command, args);
            }
        } else if (callback.isObject()) {
            // Answered first, so the button stops spinning even if what follows fails.
            api.answerCallbackQuery(callback.path("id").asText(), null);
            JsonNode source = callback.path("message");
            if (source.isObject()
                    && "private".equals(source.path("chat").path("type").asText())) {
                shop.button(
                        api,
                        source.path("chat").path("id").asLong(),
                        source.path("message_id").asLong(),
                        from,
                        callback.path("data").asText(""));
            }
        }
    }

    private void sleep(long millis) {
        synchronized (idle) {
            try {
                idle.wait(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void stopPolling() {
        running = false;
        synchronized (idle) {
            idle.notifyAll();
        }
    }
}
