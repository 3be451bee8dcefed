package io.kamishop.storefront;

import io.kamishop.catalog.Product;
import io.kamishop.config.StoreSettings;
import io.kamishop.inventory.StockCounts;
import io.kamishop.order.Order;
import io.kamishop.order.OrderStatus;
import io.kamishop.storefront.view.ChannelOption;
import io.kamishop.storefront.view.CheckoutForm;
import io.kamishop.storefront.view.DeliveredFile;
import io.kamishop.storefront.view.DeliveredKey;
import io.kamishop.storefront.view.OrderView;
import io.kamishop.storefront.view.ProductCard;
import io.kamishop.storefront.view.TierPrice;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the records templates see from the store's own types, formatted for the buyer's language. */
final class ViewModels {

    private final StorefrontRoutes.Shop shop;

    ViewModels(StorefrontRoutes.Shop shop) {
        this.shop = shop;
    }

    List<ProductCard> catalogue(Locale locale) {
        Map<Long, Long> available = shop.inventory().availableByProduct();
        return shop.catalog().onSale().stream().map(p -> card(p, available.getOrDefault(p.id(), 0L), locale)).toList();
    }

    ProductCard card(Product product, Locale locale) {
        return card(product, shop.inventory().stock(product.id()).available(), locale);
    }

    private static ProductCard card(Product p, long available, Locale locale) {
        return new ProductCard(p.id(), p.name(), p.description(), Prices.format(p.price(), p.currency(), locale), available,
                available > 0, "/products/" + p.id(), p.category() == null || p.category().isBlank() ? null : p.category(),
                available == StockCounts.UNLIMITED);
    }

    CheckoutForm emptyForm(Product product, Locale locale) {
        return form(product, locale, "", 1, null, "", List.of());
    }

    CheckoutForm form(Product product, Locale locale, String email, int quantity, String channel, String coupon, List<String> errors) {
        var available = shop.channels().available();
        // With one channel there is nothing to choose: it is selected.
        String selected = channel != null && !channel.isEmpty() ? channel : available.size() == 1 ? available.get(0).id() : "";
        List<ChannelOption> options = available.stream()
                .map(c -> new ChannelOption(c.id(), c.displayName(), c.id().equals(selected))).toList();
        List<TierPrice> tiers = shop.pricing().rules(product.id()).tiers().stream()
                .map(t -> new TierPrice(t.minQuantity(), Prices.format(t.unitPrice(), product.currency(), locale))).toList();
        return new CheckoutForm(email, Math.max(1, quantity), shop.settings().getInt(StoreSettings.MAX_QUANTITY), options,
                coupon == null ? "" : coupon, tiers, List.copyOf(errors));
    }

    OrderView order(Order order, String token, Locale locale) {
        OrderStatus state = order.state();
        boolean pending = state == OrderStatus.PENDING;
        // Paid but not yet delivered is a moment; the page keeps asking until the keys are there.
        boolean waiting = pending || state == OrderStatus.PAID;
        String base = "/orders/" + encode(order.orderNo());
        String query = "?token=" + encode(token);
        DateTimeFormatter time = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale).withZone(ZoneOffset.UTC);
        return new OrderView(order.orderNo(), order.status(), order.productName(), order.quantity(),
                Prices.format(order.amount(), order.currency(), locale),
                time.format(Instant.ofEpochMilli(order.createdAt())) + " UTC",
                time.format(Instant.ofEpochMilli(order.expiresAt())) + " UTC",
                pending, waiting, numbered(shop.delivery().visibleKeys(order)), base + query,
                "/api/orders/" + encode(order.orderNo()) + query, base + "/pay" + query, base + "/keys.txt" + query,
                shop.delivery().visibleFiles(order).stream()
                        .map(f -> new DeliveredFile(f.name(), f.size(), base + "/files/" + f.id() + query)).toList());
    }

    private static List<DeliveredKey> numbered(List<String> keys) {
        return java.util.stream.IntStream.range(0, keys.size()).mapToObj(i -> new DeliveredKey(i + 1, keys.get(i))).toList();
    }

    static String orderUrl(String orderNo, String token) {
        return "/orders/" + encode(orderNo) + "?token=" + encode(token);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
