package io.kamishop.storefront;

import io.kamishop.catalog.CatalogPage;
import io.kamishop.catalog.CatalogQuery;
import io.kamishop.catalog.Product;
import io.kamishop.catalog.ProductMarkdown;
import io.kamishop.config.StoreSettings;
import io.kamishop.domain.Audience;
import io.kamishop.domain.Requester;
import io.kamishop.image.Images;
import io.kamishop.image.ShownImage;
import io.kamishop.inventory.StockCounts;
import io.kamishop.order.Order;
import io.kamishop.order.OrderProgress;
import io.kamishop.order.OrderStatus;
import io.kamishop.pricing.GoodsQuote;
import io.kamishop.pricing.PriceTier;
import io.kamishop.storefront.view.ChannelOption;
import io.kamishop.storefront.view.CheckoutForm;
import io.kamishop.storefront.view.DeliveredFile;
import io.kamishop.storefront.view.DeliveredKey;
import io.kamishop.storefront.view.OrderView;
import io.kamishop.storefront.view.Picture;
import io.kamishop.storefront.view.ProductCard;
import io.kamishop.storefront.view.Shelf;
import io.kamishop.storefront.view.SortOption;
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
import org.jspecify.annotations.Nullable;

/** Builds the records templates see from the store's own types, formatted for the buyer's language. */
final class ViewModels {

    /** Shelf cards whose picture loads at once; the others are {@code loading="lazy"}. */
    private static final int EAGER_CARDS = 2;

    private final StorefrontRoutes.Shop shop;

    ViewModels(StorefrontRoutes.Shop shop) {
        this.shop = shop;
    }

    /** A page of the catalogue for the buyer's query, with the links to move through it. */
    Shelf shelf(CatalogQuery query, String path, Locale locale) {
        CatalogPage page = shop.catalog().browse(query);
        Map<Long, Long> available = shop.inventory().availableByProduct();
        Map<String, ShownImage> pictures = shop.images()
                .shown(page.products().stream()
                        .map(p -> Images.productOwner(p.id()))
                        .toList());
        List<Product> products = page.products();
        // On a phone the shelf is one column: the first two cards are in view, the rest load as the buyer scrolls.
        List<ProductCard> cards = java.util.stream.IntStream.range(0, products.size())
                .mapToObj(i -> card(
                        products.get(i),
                        available.getOrDefault(products.get(i).id(), 0L),
                        locale,
                        false,
                        pictures.get(Images.productOwner(products.get(i).id())),
                        i >= EAGER_CARDS))
                .toList();
        List<SortOption> sorts = java.util.Arrays.stream(CatalogQuery.Sort.values())
                .map(s -> new SortOption(s.code(), "sort." + s.code(), s == query.sort()))
                .toList();
        return new Shelf(
                query.text(),
                query.category(),
                query.sort().code(),
                path,
                cards,
                page.total(),
                query.page(),
                page.pages(),
                query.page() > 1 ? shelfUrl(path, query.withPage(query.page() - 1)) : null,
                page.hasNext() ? shelfUrl(path, query.withPage(query.page() + 1)) : null,
                sorts);
    }

    /** The address of a shelf page: the path (home, search or a category) and only the parameters that differ from the default. */
    static String shelfUrl(String path, CatalogQuery query) {
        List<String> params = new java.util.ArrayList<>();
        if (!query.text().isEmpty()) {
            params.add("q=" + encode(query.text()));
        }
        if (query.sort() != CatalogQuery.Sort.FEATURED) {
            params.add("sort=" + query.sort().code());
        }
        if (query.page() > 1) {
            params.add("page=" + query.page());
        }
        return params.isEmpty() ? path : path + "?" + String.join("&", params);
    }

    /** A category's page; the name is one path segment (a space is %20 there, not +). */
    static String categoryUrl(String category) {
        return "/categories/" + encode(category).replace("+", "%20");
    }

    ProductCard card(Product product, Locale locale) {
        return card(
                product,
                shop.inventory().stock(product.id()).available(),
                locale,
                true,
                shop.images().shown(Images.productOwner(product.id())).orElse(null),
                false);
    }

    /** A card; the rendered description only when the page shows it (a shelf of 24 cards does not). */
    private ProductCard card(
            Product p,
            long available,
            Locale locale,
            boolean withDescription,
            @Nullable ShownImage image,
            boolean lazy) {
        boolean unlimited = available == StockCounts.UNLIMITED;
        int fewLeftAt = shop.settings().getInt(StoreSettings.LOW_STOCK_THRESHOLD);
        boolean fewLeft = !unlimited && available > 0 && available <= fewLeftAt;
        boolean categorised = p.category() != null && !p.category().isBlank();
        return new ProductCard(
                p.id(),
                p.name(),
                p.description(),
                Prices.format(p.price(), p.currency(), locale),
                available,
                available > 0,
                "/products/" + p.id(),
                categorised ? p.category() : null,
                unlimited,
                fewLeft,
                shop.settings().getBoolean(StoreSettings.SHOW_STOCK_COUNT),
                withDescription ? ProductMarkdown.toSafeHtml(p.description()) : "",
                withDescription ? ProductMarkdown.summary(p.description(), 160) : "",
                categorised ? categoryUrl(p.category()) : null,
                image == null
                        ? null
                        : new Picture(
                                image.urlFor(640), image.srcset(), image.width(), image.height(), p.name(), lazy));
    }

    CheckoutForm emptyForm(Product product, Locale locale, Requester requester) {
        return form(product, locale, requester, "", 1, null, "", List.of());
    }

    /**
     * The form with the choices offered for {@code quantity} at its wholesale price, each with its fee: a
     * choice whose amount limits exclude that order is not offered (placing the order through it is refused alike).
     */
    CheckoutForm form(
            Product product,
            Locale locale,
            Requester requester,
            String email,
            int quantity,
            @Nullable String channel,
            String coupon,
            List<String> errors) {
        return form(product, locale, requester, email, quantity, channel, coupon, errors, null);
    }

    /** A sub-store's product card: its price (marked up, never below the merchant's) and its own page's address. */
    ProductCard card(Product product, Locale locale, SubStorePlace place) {
        ProductCard c = card(product, locale);
        return new ProductCard(
                c.id(),
                c.name(),
                c.description(),
                Prices.format(
                        shop.pricing()
                                .unitPriceOn(
                                        product, product.price(), place.store().resellerId()),
                        product.currency(),
                        locale),
                c.available(),
                c.inStock(),
                place.productUrl(product.id()),
                c.category(),
                c.unlimited(),
                c.fewLeft(),
                c.showCount(),
                c.descriptionHtml(),
                c.summary(),
                c.categoryUrl(),
                c.image());
    }

    /**
     * The form on the main store's product page ({@code place} null) or on a sub-store's: there every price, the
     * tier table's too, is the sub-store's as {@code PricingService} charges it, and the form posts to its checkout.
     */
    CheckoutForm form(
            Product product,
            Locale locale,
            Requester requester,
            String email,
            int quantity,
            @Nullable String channel,
            String coupon,
            List<String> errors,
            @Nullable SubStorePlace place) {
        int maxQuantity = shop.settings().getInt(StoreSettings.MAX_QUANTITY);
        // A quantity typed out of range is refused by the order; the choices are shown as for the nearest valid one.
        int quoted = Math.min(Math.max(1, quantity), maxQuantity);
        Long resellerId = place == null ? null : place.store().resellerId();
        GoodsQuote quote = shop.pricing().quote(product, quoted, resellerId);
        var offered =
                shop.channels().offeredFor(quote.amount(), new Audience(requester, email.isBlank() ? null : email));
        // With one channel there is nothing to choose: it is selected.
        String selected = channel != null && !channel.isEmpty()
                ? channel
                : offered.size() == 1 ? offered.get(0).choice().id() : "";
        List<ChannelOption> options = offered.stream()
                .map(o -> {
                    String id = o.choice().id();
                    long fee = o.terms().fee();
                    return new ChannelOption(
                            id,
                            o.choice().name(),
                            id.equals(selected),
                            fee == 0 ? null : Prices.format(fee, product.currency(), locale),
                            fee == 0 ? null : Prices.format(o.terms().total(), product.currency(), locale));
                })
                .toList();
        return new CheckoutForm(
                email,
                Math.max(1, quantity),
                maxQuantity,
                options,
                coupon == null ? "" : coupon,
                tierTable(product, quoted, locale, resellerId),
                List.copyOf(errors),
                Prices.format(quote.unitPrice(), product.currency(), locale),
                Prices.format(quote.amount(), product.currency(), locale),
                place == null ? "/api/products/" + product.id() + "/quote" : place.quoteUrl(product.id()),
                place == null ? "/checkout" : place.checkoutUrl(),
                place == null ? "/products/" + product.id() : place.productUrl(product.id()));
    }

    /** The list price for one unit up, then each tier, each row saying up to which quantity it holds. */
    private List<TierPrice> tierTable(Product product, int quantity, Locale locale, @Nullable Long resellerId) {
        List<PriceTier> tiers = shop.pricing().rules(product.id()).tiers(); // cheapest quantity first
        if (tiers.isEmpty()) {
            return List.of();
        }
        List<TierPrice> rows = new java.util.ArrayList<>();
        int from = 1;
        long price = product.price();
        for (PriceTier tier : tiers) {
            int upTo = tier.minQuantity() - 1;
            rows.add(new TierPrice(
                    from,
                    Prices.format(shown(product, price, resellerId), product.currency(), locale),
                    upTo,
                    quantity >= from && quantity <= upTo));
            from = tier.minQuantity();
            price = tier.unitPrice();
        }
        rows.add(new TierPrice(
                from,
                Prices.format(shown(product, price, resellerId), product.currency(), locale),
                null,
                quantity >= from));
        return List.copyOf(rows);
    }

    /** A merchant unit price as the page shows it: the sub-store's marked-up one on a sub-store. */
    private long shown(Product product, long merchantUnitPrice, @Nullable Long resellerId) {
        return resellerId == null
                ? merchantUnitPrice
                : shop.pricing().unitPriceOn(product, merchantUnitPrice, resellerId);
    }

    OrderView order(Order order, String token, Locale locale, Requester requester) {
        OrderStatus state = order.state();
        boolean pending = state == OrderStatus.PENDING;
        // Paid but not yet delivered is a moment (or a review); the page keeps asking until the keys are there.
        boolean waiting = pending || state == OrderStatus.PAID;
        String base = "/orders/" + encode(order.orderNo());
        // Two addresses keep the token: the order link "My orders" remembers in this browser (the hand-off into a
        // new cookie once that one lapses) and the status API the page's script polls (the API takes only tokens).
        // The page's own forms and links go without it: the order's cookie travels with them.
        String query = "?token=" + encode(token);
        OrderProgress progress = OrderProgress.of(order, shop.orders().history(order.id()));
        // Lapsed unpaid: the stock went back on sale, so "buy again" starts a new order on the product's page.
        boolean lapsed = state == OrderStatus.EXPIRED || state == OrderStatus.CANCELLED;
        return new OrderView(
                order.orderNo(),
                order.status(),
                progress.code(),
                order.productName(),
                order.quantity(),
                Prices.format(order.amount(), order.currency(), locale),
                inUtc(order.createdAt(), locale),
                isoUtc(order.createdAt()),
                inUtc(order.expiresAt(), locale),
                isoUtc(order.expiresAt()),
                pending,
                waiting,
                numbered(shop.delivery().visibleKeys(order)),
                base + query,
                "/api/orders/" + encode(order.orderNo()) + query,
                base + "/pay",
                base + "/keys.txt",
                shop.delivery().visibleFiles(order).stream()
                        .map(f -> new DeliveredFile(f.name(), f.size(), base + "/files/" + f.id()))
                        .toList(),
                fee(order, locale),
                lapsed ? "/products/" + order.productId() : null,
                base + "/channel",
                pending ? otherChannels(order, locale, requester) : List.of());
    }

    /** The channels a pending order could be paid through instead, with the total each would ask (its own fee). */
    private List<ChannelOption> otherChannels(Order order, Locale locale, Requester requester) {
        return shop.channels().offeredFor(order.amount() - order.fee(), new Audience(requester, order.email())).stream()
                .filter(o -> !o.choice().id().equals(order.channel()))
                .map(o -> new ChannelOption(
                        o.choice().id(),
                        o.choice().name(),
                        false,
                        o.terms().fee() == 0 ? null : Prices.format(o.terms().fee(), order.currency(), locale),
                        Prices.format(o.terms().total(), order.currency(), locale)))
                .toList();
    }

    /** A time as the page shows it before (or without) the script that puts it in the buyer's own time zone. */
    static String inUtc(long epochMillis, Locale locale) {
        DateTimeFormatter time = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(locale)
                .withZone(ZoneOffset.UTC);
        return time.format(Instant.ofEpochMilli(epochMillis)) + " UTC";
    }

    static String isoUtc(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(
                Instant.ofEpochMilli(epochMillis).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** The channel's surcharge included in the order's amount, formatted; null when it had none. */
    static @Nullable String fee(Order order, Locale locale) {
        return order.fee() == 0 ? null : Prices.format(order.fee(), order.currency(), locale);
    }

    private static List<DeliveredKey> numbered(List<String> keys) {
        return java.util.stream.IntStream.range(0, keys.size())
                .mapToObj(i -> new DeliveredKey(i + 1, keys.get(i)))
                .toList();
    }

    static String orderUrl(String orderNo, String token) {
        return "/orders/" + encode(orderNo) + "?token=" + encode(token);
    }

    static String keysUrl(String orderNo, String token) {
        return "/orders/" + encode(orderNo) + "/keys.txt?token=" + encode(token);
    }

    private static String encode(@Nullable String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
