package io.kamishop.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.admin.AdminViews;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.checkout.BuyerOrders;
import io.kamishop.checkout.OrderForm;
import io.kamishop.checkout.PlaceOrder;
import io.kamishop.config.StoreSettings;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.domain.Requester;
import io.kamishop.inventory.InventoryService;
import io.kamishop.inventory.StockCounts;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.payment.ChannelRegistry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The buyer's side of the bot: catalogue → product → quantity → channel → payment link, and "my
 * orders". The bot is a door, like the JSON API and the storefront form, so it decides nothing
 * itself: it places orders through {@link PlaceOrder} and opens them through {@link BuyerOrders},
 * with the Telegram user as the {@link Requester}, so the same rate limits, purchase limits, risk
 * rules and stock checks apply. What a button press needs to know travels in its callback data
 * ({@code p:<product>}, {@code q:<product>:<qty>}, {@code c:<product>:<qty>:<channel>}), so the bot
 * keeps no conversation state and a restart loses none.
 */
final class ShopConversation {

    /** Telegram's limit for callback_data: 1-64 bytes. */
    private static final int MAX_CALLBACK_DATA = 64;

    private static final int[] QUANTITIES = {1, 2, 3, 5, 10};
    private static final DateTimeFormatter EXPIRY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Database database;
    private final CatalogService catalog;
    private final InventoryService inventory;
    private final ChannelRegistry channels;
    private final PlaceOrder placing;
    private final BuyerOrders buyerOrders;
    private final OrderService orders;
    private final StoreSettings settings;

    ShopConversation(
            Database database,
            CatalogService catalog,
            InventoryService inventory,
            ChannelRegistry channels,
            PlaceOrder placing,
            BuyerOrders buyerOrders,
            OrderService orders,
            StoreSettings settings) {
        this.database = database;
        this.catalog = catalog;
        this.inventory = inventory;
        this.channels = channels;
        this.placing = placing;
        this.buyerOrders = buyerOrders;
        this.orders = orders;
        this.settings = settings;
    }

    BotTexts textsFor(JsonNode from) {
        return BotTexts.forChat(from.path("language_code").asText(null), settings.get(StoreSettings.DEFAULT_LANGUAGE));
    }

    /** A text command in a chat with the buyer. */
    void command(BotApi api, long chatId, JsonNode from, String command) throws BotApiException {
        command(api, chatId, from, command, "");
    }

    /**
     * A text command with its arguments. {@code /start <code>} is how Telegram hands over a deep link's
     * {@code start} parameter (t.me/&lt;bot&gt;?start=&lt;code&gt;): an affiliate's link into the bot, followed
     * like a {@code ?ref=} link on the storefront, so this user's bot orders are attributed for the window.
     */
    void command(BotApi api, long chatId, JsonNode from, String command, String args) throws BotApiException {
        BotTexts t = textsFor(from);
        if ("/start".equals(command) && !args.isBlank()) {
            placing.followReferral(args.strip(), requester(from, chatId));
        }
        switch (command) {
            case "/start", "/shop" -> api.sendMessage(chatId, catalogueText(t), catalogueKeyboard(t));
            case "/orders" -> api.sendMessage(chatId, myOrders(t, requester(from, chatId)), null);
            default -> api.sendMessage(chatId, t.say("help"), null);
        }
    }

    /** A button pressed under one of the bot's messages: the answer replaces that message. */
    void button(BotApi api, long chatId, long messageId, JsonNode from, String data) throws BotApiException {
        BotTexts t = textsFor(from);
        String[] part = data.split(":");
        if (data.equals("home")) {
            api.editMessageText(chatId, messageId, catalogueText(t), catalogueKeyboard(t));
        } else if (data.equals("orders")) {
            api.sendMessage(chatId, myOrders(t, requester(from, chatId)), null);
        } else if (part[0].equals("p") && part.length == 2) {
            showProduct(api, chatId, messageId, t, Long.parseLong(part[1]));
        } else if (part[0].equals("q") && part.length == 3) {
            chooseChannel(
                    api,
                    chatId,
                    messageId,
                    t,
                    requester(from, chatId),
                    Long.parseLong(part[1]),
                    Integer.parseInt(part[2]));
        } else if (part[0].equals("c") && part.length == 4) {
            place(
                    api,
                    chatId,
                    messageId,
                    t,
                    requester(from, chatId),
                    Long.parseLong(part[1]),
                    Integer.parseInt(part[2]),
                    part[3]);
        }
    }

    private String catalogueText(BotTexts t) {
        return catalog.onSale().isEmpty()
                ? t.say("catalogue_empty")
                : t.say("catalogue_title", settings.get(StoreSettings.STORE_NAME));
    }

    private Map<String, Object> catalogueKeyboard(BotTexts t) {
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        for (Product p : catalog.onSale()) {
            rows.add(List.of(button(p.name() + " · " + AdminViews.money(p.price(), p.currency()), "p:" + p.id())));
        }
        rows.add(List.of(button(t.say("my_orders_button"), "orders")));
        return Map.of("inline_keyboard", rows);
    }

    private void showProduct(BotApi api, long chatId, long messageId, BotTexts t, long productId)
            throws BotApiException {
        Optional<Product> product = catalog.find(productId).filter(Product::active);
        if (product.isEmpty()) {
            api.editMessageText(chatId, messageId, t.say("product_gone"), backKeyboard(t));
            return;
        }
        Product p = product.get();
        StockCounts stock = inventory.stock(p.id());
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        List<Map<String, Object>> quantities = new ArrayList<>();
        int max = settings.getInt(StoreSettings.MAX_QUANTITY);
        for (int q : QUANTITIES) {
            if (q <= max && (stock.unlimited() || q <= stock.available())) {
                quantities.add(button(String.valueOf(q), "q:" + p.id() + ":" + q));
            }
        }
        if (!quantities.isEmpty()) {
            rows.add(quantities);
        }
        rows.add(List.of(button(t.say("back_button"), "home")));
        String inStock = stock.unlimited() ? t.say("stock_unlimited") : String.valueOf(stock.available());
        String text = t.say("product_text", p.name(), AdminViews.money(p.price(), p.currency()), inStock);
        api.editMessageText(
                chatId,
                messageId,
                quantities.isEmpty() ? text + "\n\n" + t.say("out_of_stock") : text,
                Map.of("inline_keyboard", rows));
    }

    private void chooseChannel(
            BotApi api, long chatId, long messageId, BotTexts t, Requester requester, long productId, int quantity)
            throws BotApiException {
        Optional<Product> product = catalog.find(productId).filter(Product::active);
        if (product.isEmpty()) {
            api.editMessageText(chatId, messageId, t.say("product_gone"), backKeyboard(t));
            return;
        }
        Product p = product.get();
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        // The list price is shown here; the order's own amount (tiers, channel fee) is the one the placed-order message
        // names.
        for (ChannelRegistry.Offered offered :
                channels.offeredFor(p.price() * quantity, io.kamishop.domain.Audience.of(requester))) {
            String data =
                    "c:" + p.id() + ":" + quantity + ":" + offered.choice().id();
            if (data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_CALLBACK_DATA) {
                rows.add(List.of(button(offered.choice().name(), data)));
            }
        }
        rows.add(List.of(button(t.say("back_button"), "p:" + p.id())));
        String text = rows.size() == 1
                ? t.say("no_channel")
                : t.say("choose_channel", p.name(), quantity, AdminViews.money(p.price() * quantity, p.currency()));
        api.editMessageText(chatId, messageId, text, Map.of("inline_keyboard", rows));
    }

    private void place(
            BotApi api,
            long chatId,
            long messageId,
            BotTexts t,
            Requester requester,
            long productId,
            int quantity,
            String channel)
            throws BotApiException {
        PlaceOrder.Placement placed;
        try {
            placed = placing.place(
                    new OrderForm(
                            productId,
                            quantity,
                            TelegramBuyers.emailOf(chatOf(requester).userId()),
                            channel,
                            null,
                            null),
                    requester);
        } catch (Refusal refused) {
            api.editMessageText(chatId, messageId, t.say("order_refused", refused.getMessage()), backKeyboard(t));
            return;
        }
        Order order = placed.order();
        Map<String, Object> payment = placed.payment();
        String amount = AdminViews.money(order.amount(), order.currency());
        String expires = EXPIRY.format(Instant.ofEpochMilli(order.expiresAt()));
        Object redirect = payment.get("redirectUrl");
        Object qr = payment.get("qrPayload");
        if (!"ready".equals(payment.get("status")) || (redirect == null && qr == null)) {
            api.editMessageText(
                    chatId,
                    messageId,
                    t.say("payment_unavailable", order.orderNo(), String.valueOf(payment.getOrDefault("message", ""))),
                    null);
            return;
        }
        String link = String.valueOf(redirect != null ? redirect : qr);
        String text = redirect != null
                ? t.say("order_placed", order.orderNo(), order.quantity(), order.productName(), amount, link, expires)
                : t.say(
                        "order_placed_qr",
                        order.orderNo(),
                        order.quantity(),
                        order.productName(),
                        amount,
                        link,
                        expires);
        // Telegram refuses URL buttons to plain http and to hosts it cannot resolve (localhost); the link is in the
        // text anyway.
        Map<String, Object> keyboard = link.startsWith("https://")
                ? Map.of("inline_keyboard", List.of(List.of(Map.of("text", t.say("pay_button"), "url", link))))
                : null;
        api.editMessageText(chatId, messageId, text, keyboard);
    }

    private String myOrders(BotTexts t, Requester requester) {
        List<ChatOrder> mine = database.read(
                tx -> tx.dao(TelegramDao.class).ordersOf(chatOf(requester).userId(), 10));
        if (mine.isEmpty()) {
            return t.say("no_orders");
        }
        StringBuilder lines = new StringBuilder();
        for (ChatOrder link : mine) {
            // Opened the buyer's way, with the token only the store can make for this order (as its mails do).
            Order order = buyerOrders.open(link.orderNo(), orders.mailLinkToken(link.orderNo()), requester);
            lines.append('\n')
                    .append(t.say(
                            "order_line",
                            order.orderNo(),
                            t.status(order.status()),
                            order.quantity(),
                            order.productName(),
                            AdminViews.money(order.amount(), order.currency())));
        }
        return t.say("my_orders", lines.toString());
    }

    /** The chat of a requester made by {@link #requester}, which always has one. */
    private static Requester.ChatUser chatOf(Requester requester) {
        return Objects.requireNonNull(requester.chat(), "a Telegram requester without its chat");
    }

    static Requester requester(JsonNode from, long chatId) {
        return Requester.telegram(
                from.path("id").asLong(), chatId, from.path("language_code").asText(null));
    }

    private Map<String, Object> backKeyboard(BotTexts t) {
        return Map.of("inline_keyboard", List.of(List.of(button(t.say("back_button"), "home"))));
    }

    private static Map<String, Object> button(String text, String data) {
        return Map.of("text", text, "callback_data", data);
    }
}
