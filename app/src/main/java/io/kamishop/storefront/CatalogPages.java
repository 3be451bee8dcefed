package io.kamishop.storefront;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogQuery;
import io.kamishop.catalog.Category;
import io.kamishop.catalog.Product;
import io.kamishop.storefront.view.Shelf;
import io.kamishop.web.PublicPageCache;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The shelves: home, a category's page and search results (one page each, sorted as the buyer
 * chose, plain links and a GET form so they work without script), and what search engines read:
 * {@code /sitemap.xml} and {@code /robots.txt}.
 */
final class CatalogPages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private CatalogPages() {}

    static void register(
            JavalinDefaultRoutingApi<?> routes,
            StorefrontPages pages,
            ViewModels views,
            StorefrontRoutes.Shop shop,
            PublicPageCache cache) {
        // The same for every buyer who reads the same language; the query string is part of the cache key.
        Function<Context, String> sameForLanguage = pages::variant;
        routes.get("/", cache.wrap(sameForLanguage, ctx -> {
            CatalogQuery query = query(ctx, "");
            showShelf(
                    ctx,
                    pages,
                    views,
                    query,
                    "/",
                    "home",
                    pages.seo(null, null, ViewModels.shelfUrl("/", query), "website"));
        }));
        routes.get("/search", cache.wrap(sameForLanguage, ctx -> {
            CatalogQuery query = query(ctx, "");
            showShelf(
                    ctx,
                    pages,
                    views,
                    query,
                    "/search",
                    "search",
                    pages.seo(null, null, ViewModels.shelfUrl("/search", query), "website"));
        }));
        routes.get("/categories/{category}", cache.wrap(sameForLanguage, ctx -> {
            CatalogQuery query = query(ctx, ctx.pathParam("category"));
            boolean known =
                    shop.catalog().categories().stream().anyMatch(c -> c.name().equals(query.category()));
            if (!known) {
                pages.error(ctx, 404, "error.category.title", "error.category.message");
                return;
            }
            StorefrontPages.showingCategory(ctx, query.category());
            String path = ViewModels.categoryUrl(query.category());
            showShelf(
                    ctx,
                    pages,
                    views,
                    query,
                    path,
                    "category",
                    pages.seo(query.category(), null, ViewModels.shelfUrl(path, query), "website"));
        }));
        routes.get(
                "/sitemap.xml",
                cache.wrap(
                        ctx -> pages.absolute("/"),
                        ctx -> ctx.contentType("application/xml; charset=utf-8").result(sitemap(pages, shop))));
        // An order page without its cookie is a locked page with nothing private (see OrderPage), so /orders/{no} may
        // be crawled; what stays out is every address that carries an order's secret or content: the order link
        // (?token= wherever it is in the query), the keys file and the file downloads. "*" is a wildcard
        // for Google, Bing and Lighthouse's robots-parser alike.
        routes.get(
                "/robots.txt",
                ctx -> ctx.contentType("text/plain; charset=utf-8")
                        .result("""
                User-agent: *
                Disallow: /admin
                Disallow: /api/
                Disallow: /checkout
                Disallow: /orders/*?token=
                Disallow: /orders/*&token=
                Disallow: /orders/*/keys.txt
                Disallow: /orders/*/files/
                Disallow: /lookup
                Disallow: /pay/
                Disallow: /search
                Sitemap: %s
                """.formatted(pages.absolute("/sitemap.xml"))));
    }

    private static CatalogQuery query(Context ctx, String category) {
        return CatalogQuery.of(ctx.queryParam("q"), category, ctx.queryParam("sort"), ctx.queryParam("page"));
    }

    /**
     * Home, search and category pages are one template each over the same {@link Shelf}; a theme that
     * overrides only {@code home} (as example-dark does) still gets the others from the default theme.
     */
    private static void showShelf(
            Context ctx,
            StorefrontPages pages,
            ViewModels views,
            CatalogQuery query,
            String path,
            String template,
            io.kamishop.storefront.view.Seo seo) {
        Locale locale = pages.language(ctx).locale();
        Shelf shelf = views.shelf(query, path, locale);
        // "products" stays: themes written before shelves list it on their home page.
        pages.render(ctx, 200, template, Map.of("shelf", shelf, "products", shelf.products(), "seo", seo));
    }

    /** Every page worth indexing: home, each category, each product on sale (https://www.sitemaps.org/protocol.html). */
    private static String sitemap(StorefrontPages pages, StorefrontRoutes.Shop shop) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        url(xml, pages.absolute("/"), null);
        for (Category category : shop.catalog().categories()) {
            url(xml, pages.absolute(ViewModels.categoryUrl(category.name())), null);
        }
        for (Product product : shop.catalog().onSale()) {
            url(
                    xml,
                    pages.absolute("/products/" + product.id()),
                    DAY.format(Instant.ofEpochMilli(product.updatedAt())));
        }
        return xml.append("</urlset>\n").toString();
    }

    private static void url(StringBuilder xml, String location, @Nullable String lastModified) {
        xml.append("  <url><loc>").append(escapeXml(location)).append("</loc>");
        if (lastModified != null) {
            xml.append("<lastmod>").append(lastModified).append("</lastmod>");
        }
        xml.append("</url>\n");
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
