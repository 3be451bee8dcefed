package io.kamishop.telegram;

import io.kamishop.admin.AdminAudit;
import io.kamishop.admin.AdminViews;
import io.kamishop.admin.SalesReport;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.inventory.InventoryService;
import io.kamishop.inventory.StockCounts;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.risk.Reviews;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The merchant's commands in the bot, obeyed only in the chat the admin configured
 * ({@code merchantChatId}; the bot never learns who is a merchant from a chat itself). Each calls
 * the use case the admin pages call: the sales report, stock counts, the order, and the risk desk's
 * approve and reject (recorded with the Telegram user as who decided, and in the audit trail).
 */
final class MerchantCommands {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Database database;
    private final SalesReport sales;
    private final CatalogService catalog;
    private final InventoryService inventory;
    private final OrderService orders;
    private final Reviews reviews;
    private final AdminAudit audit;

    MerchantCommands(
            Database database,
            SalesReport sales,
            CatalogService catalog,
            InventoryService inventory,
            OrderService orders,
            Reviews reviews,
            AdminAudit audit) {
        this.database = database;
        this.sales = sales;
        this.catalog = catalog;
        this.inventory = inventory;
        this.orders = orders;
        this.reviews = reviews;
        this.audit = audit;
    }

    static boolean isMerchantCommand(String command) {
        return switch (command) {
            case "/sales", "/stock", "/order", "/approve", "/reject", "/admin" -> true;
            default -> false;
        };
    }

    /** The answer to a merchant command ({@code args} is what follows it). */
    String answer(BotTexts t, long telegramUserId, String command, String args) {
        try {
            return switch (command) {
                case "/sales" -> todaysSales(t);
                case "/stock" -> stock(t, args);
                case "/order" -> order(t, args);
                case "/approve" -> decide(t, telegramUserId, args, true);
                case "/reject" -> decide(t, telegramUserId, args, false);
                default -> t.say("admin_help");
            };
        } catch (Refusal refused) {
            return t.say("admin_refused", refused.getMessage());
        }
    }

    private String todaysSales(BotTexts t) {
        var totals = sales.today();
        if (totals.isEmpty()) {
            return t.say("admin_sales_none");
        }
        StringBuilder lines = new StringBuilder();
        totals.forEach(total -> lines.append('\n')
                .append(t.say(
                        "admin_sales_line", total.orders(), AdminViews.money(total.revenue(), total.currency()))));
        return t.say("admin_sales", lines.toString());
    }

    private String stock(BotTexts t, String args) {
        if (!args.matches("\\d{1,18}")) {
            return t.say("admin_usage", "/stock 12");
        }
        Product product = catalog.require(Long.parseLong(args));
        StockCounts stock = inventory.stock(product.id());
        return t.say(
                "admin_stock",
                product.name(),
                product.id(),
                stock.unlimited() ? "∞" : stock.available(),
                stock.reserved(),
                stock.sold());
    }

    private String order(BotTexts t, String args) {
        if (args.isEmpty()) {
            return t.say("admin_usage", "/order K2026...");
        }
        Order order = orders.require(args);
        Optional<ChatOrder> chat = database.read(tx -> tx.dao(TelegramDao.class).find(order.orderNo()));
        String buyer = chat.map(c -> "Telegram " + c.telegramUserId()).orElseGet(() -> masked(order.email()));
        return t.say(
                "admin_order",
                order.orderNo(),
                order.quantity(),
                order.productName(),
                AdminViews.money(order.amount(), order.currency()),
                t.status(order.status()),
                order.channel(),
                buyer,
                WHEN.format(Instant.ofEpochMilli(order.createdAt())));
    }

    private String decide(BotTexts t, long telegramUserId, String args, boolean approve) {
        if (args.isEmpty()) {
            return t.say("admin_usage", (approve ? "/approve" : "/reject") + " K2026...");
        }
        String by = "telegram:" + telegramUserId;
        Order decided = approve ? reviews.approve(args, by) : reviews.reject(args, by);
        audit.record(by, approve ? "order.approve" : "order.reject", decided.orderNo(), null);
        return t.say(approve ? "admin_approved" : "admin_rejected", decided.orderNo(), t.status(decided.status()));
    }

    /** As the merchant alerts show a buyer: the first letter and the domain only. */
    private static String masked(String email) {
        int at = email.indexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }
}
