package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Home, category and search pages over HTTP, as a browser without script (and a crawler) reads them. */
class CatalogShelvesTest {

    private static final Pattern CARD = Pattern.compile("data-product=\"(\\d+)\"");
    private static TestStore store;

    @BeforeAll
    static void start() {
        store = TestStore.start();
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    private static long product(String name, long price, String category, String description) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "name", name, "price", price, "currency", "CNY", "category", category, "description", description));
        Http.Answer answer = store.http().adminPostJson("/api/admin/products", body);
        assertThat(answer.status()).isEqualTo(201);
        return answer.json().get("id").asLong();
    }

    private static Http.Answer page(String path) {
        return store.http().get(path);
    }

    private static List<Long> cards(String html) {
        List<Long> ids = new ArrayList<>();
        Matcher m = CARD.matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void categoryPageListsOnlyItsProductsAndTheNavigationLinksIt() {
        long game = product("Shelf game card", 500, "Shelf Games 游戏", "");
        long music = product("Shelf music card", 600, "Shelf Music", "");

        Http.Answer home = page("/");
        assertThat(home.body())
                .contains("href=\"/categories/Shelf%20Games%20%E6%B8%B8%E6%88%8F\"")
                .contains("data-category=\"Shelf Music\"");
        Http.Answer games = page("/categories/Shelf%20Games%20%E6%B8%B8%E6%88%8F");
        assertThat(games.status()).isEqualTo(200);
        assertThat(cards(games.body())).containsExactly(game);
        assertThat(games.body())
                .contains("<h1 id=\"category-heading\">Shelf Games 游戏</h1>")
                .contains("aria-current=\"page\">Shelf Games 游戏</a>");
        assertThat(cards(page("/categories/Shelf%20Music").body())).containsExactly(music);
        assertThat(page("/categories/No%20such%20shelf").status()).isEqualTo(404);
    }

    @Test
    void searchFindsNameAndDescriptionWhateverTheCase() {
        long byName = product("Quartzite Voucher", 100, "", "");
        long byDescription = product("Plain thing", 100, "", "Redeem it on the **QUARTZITE** portal.");
        product("Unrelated", 100, "", "nothing here");

        Http.Answer results = page("/search?q=quartzite");
        assertThat(results.status()).isEqualTo(200);
        assertThat(cards(results.body())).containsExactlyInAnyOrder(byName, byDescription);
        assertThat(results.body()).contains("value=\"quartzite\"").contains("noindex");
        assertThat(cards(page("/search?q=" + q("  QUARTZITE   voucher ")).body()))
                .containsExactly(byName);
    }

    @Test
    void searchWildcardsAndSqlAreOnlyText() {
        long percent = product("Discount 100% pack", 100, "", "");
        product("Discount 1000 pack", 100, "", "");

        assertThat(cards(page("/search?q=" + q("100%")).body())).containsExactly(percent);
        assertThat(cards(page("/search?q=" + q("Discount 1_0")).body())).isEmpty();
        for (String attack : List.of(
                "' OR '1'='1", "%' OR 1=1 --", "\"; DROP TABLE products; --", "%", "_", "<script>alert(1)</script>")) {
            Http.Answer answer = page(
                    "/search?q=" + q(attack) + "&sort=" + q("price; DELETE FROM products") + "&page=" + q("1 OR 1=1"));
            assertThat(answer.status()).as(attack).isEqualTo(200);
            assertThat(answer.body()).doesNotContain("<script>alert(1)</script>");
        }
        assertThat(cards(page("/search?q=" + q("%")).body())).containsExactly(percent);
        assertThat(store.http().get("/api/products").json().size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void sortsByPriceNewestAndName() {
        long b = product("Sortable beta", 300, "Sort shelf", "");
        long a = product("Sortable alpha", 900, "Sort shelf", "");
        long c = product("Sortable gamma", 100, "Sort shelf", "");
        String shelf = "/categories/Sort%20shelf";

        assertThat(cards(page(shelf + "?sort=price").body())).containsExactly(c, b, a);
        assertThat(cards(page(shelf + "?sort=price_desc").body())).containsExactly(a, b, c);
        assertThat(cards(page(shelf + "?sort=newest").body())).containsExactly(c, a, b);
        assertThat(cards(page(shelf + "?sort=name").body())).containsExactly(a, b, c);
        assertThat(page(shelf + "?sort=price").body()).contains("<option value=\"price\" selected>");
    }

    @Test
    void longShelvesArePagedWithLinksThatKeepTheSearchAndSort() {
        List<Long> made = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            made.add(product(String.format("Pagedwidget %02d", i), 100 + i, "", ""));
        }
        Http.Answer first = page("/search?q=pagedwidget&sort=name");
        assertThat(cards(first.body())).containsExactlyElementsOf(made.subList(0, 24));
        assertThat(first.body())
                .contains("href=\"/search?q=pagedwidget&amp;sort=name&amp;page=2\" rel=\"next\"")
                .contains("30 products");
        Http.Answer second = page("/search?q=pagedwidget&sort=name&page=2");
        assertThat(cards(second.body())).containsExactlyElementsOf(made.subList(24, 30));
        assertThat(second.body()).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
        assertThat(cards(page("/search?q=pagedwidget&sort=name&page=99").body()))
                .isEmpty();
    }

    @Test
    void soldOutAndFewLeftFollowTheMerchantsSettings() {
        long few = product("Stockstate few", 100, "Stock states", "");
        store.importKeys(few, List.of("FEW-1", "FEW-2"));
        long plenty = product("Stockstate plenty", 100, "Stock states", "");
        store.importKeys(plenty, List.of("P-1", "P-2", "P-3", "P-4", "P-5", "P-6", "P-7", "P-8"));
        long none = product("Stockstate none", 100, "Stock states", "");

        String shelf = page("/categories/Stock%20states").body();
        assertThat(card(shelf, few)).contains("2 in stock").contains("Only a few left");
        assertThat(card(shelf, plenty)).contains("8 in stock").doesNotContain("few left");
        assertThat(card(shelf, none)).contains("Sold out").doesNotContain("few left");

        try {
            assertThat(store.http()
                            .adminPutJson(
                                    "/api/admin/settings", Map.of("showStockCount", "false", "lowStockThreshold", "8"))
                            .status())
                    .isEqualTo(200);
            String hidden = page("/categories/Stock%20states").body();
            assertThat(card(hidden, few))
                    .contains("In stock")
                    .contains("Only a few left")
                    .doesNotContain("2 in stock");
            assertThat(card(hidden, plenty))
                    .contains("In stock")
                    .contains("Only a few left")
                    .doesNotContain("8 in stock");
            assertThat(page("/products/" + few).body())
                    .doesNotContain("2 in stock")
                    .contains("Only a few left");
            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("lowStockThreshold", "-1"))
                            .status())
                    .isEqualTo(422);
        } finally {
            store.http()
                    .adminPutJson("/api/admin/settings", Map.of("showStockCount", "true", "lowStockThreshold", "5"));
        }
    }

    private static String card(String html, long id) {
        int at = html.indexOf("data-product=\"" + id + "\"");
        assertThat(at).as("card of product " + id).isPositive();
        return html.substring(at, html.indexOf("</li>", at));
    }

    @Test
    void bannerAndContactSetInTheAdminShowOnEveryPage() {
        try {
            Http.Answer saved = store.http()
                    .adminPutJson(
                            "/api/admin/settings",
                            Map.of(
                                    "announcement",
                                    "Holiday <sale> & more",
                                    "contactTelegram",
                                    "@kami_help",
                                    "contactQq",
                                    "123456789",
                                    "contactEmail",
                                    "help@shop.example"));
            assertThat(saved.status()).isEqualTo(200);
            for (String path : List.of("/", "/lookup", "/search?q=x")) {
                String html = page(path).body();
                assertThat(html)
                        .as(path)
                        .contains("id=\"announcement\" role=\"note\">Holiday &lt;sale&gt; &amp; more</p>")
                        .contains("href=\"https://t.me/kami_help\"")
                        .contains("123456789")
                        .contains("href=\"mailto:help@shop.example\"");
            }
            assertThat(page("/?lang=zh-CN").body()).contains("联系我们");
            Http.Answer bad = store.http()
                    .adminPutJson(
                            "/api/admin/settings",
                            Map.of(
                                    "contactTelegram",
                                    "javascript:alert(1)",
                                    "contactQq",
                                    "12ab",
                                    "contactEmail",
                                    "not an address"));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().path("error").path("fields").size()).isEqualTo(3);
        } finally {
            store.http()
                    .adminPutJson(
                            "/api/admin/settings",
                            Map.of("announcement", "", "contactTelegram", "", "contactQq", "", "contactEmail", ""));
        }
        assertThat(page("/").body()).doesNotContain("id=\"announcement\"").doesNotContain("id=\"contact\"");
    }

    @Test
    void sitemapListsHomeCategoriesAndProductsOnSaleOnly() {
        long onSale = product("Mapped product", 100, "Mapped shelf", "");
        long hidden = product("Hidden product", 100, "Hidden shelf", "");
        assertThat(store.http()
                        .adminPutJson("/api/admin/products/" + hidden, Map.of("active", false))
                        .status())
                .isEqualTo(200);

        Http.Answer sitemap = page("/sitemap.xml");
        assertThat(sitemap.status()).isEqualTo(200);
        assertThat(sitemap.header("Content-Type")).startsWith("application/xml");
        String base = store.baseUrl();
        assertThat(sitemap.body())
                .startsWith("<?xml")
                .contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
                .contains("<loc>" + base + "/</loc>")
                .contains("<loc>" + base + "/categories/Mapped%20shelf</loc>")
                .containsPattern("<loc>" + Pattern.quote(base + "/products/" + onSale)
                        + "</loc><lastmod>\\d{4}-\\d{2}-\\d{2}</lastmod>")
                .doesNotContain("/products/" + hidden + "<")
                .doesNotContain("Hidden%20shelf");

        Http.Answer robots = page("/robots.txt");
        assertThat(robots.body())
                .contains("Disallow: /admin")
                .contains("Disallow: /orders/")
                .contains("Sitemap: " + base + "/sitemap.xml");
    }

    @Test
    void productPageCarriesItsOwnTitleDescriptionCanonicalAndOpenGraph() {
        long id = product("Meta product", 100, "", "Instant **delivery** of a <b>code</b> by e-mail.");
        String html = page("/products/" + id).body();

        assertThat(html)
                .contains("<title>Meta product · ")
                .contains(
                        "<meta name=\"description\" content=\"Instant delivery of a &lt;b&gt;code&lt;/b&gt; by e-mail.\">")
                .contains("<link rel=\"canonical\" href=\"" + store.baseUrl() + "/products/" + id + "\">")
                .contains("<meta property=\"og:type\" content=\"product\">")
                .contains("<meta property=\"og:title\" content=\"Meta product\">")
                .contains("<strong>delivery</strong>")
                .contains("&lt;b&gt;code&lt;/b&gt;");
    }

    @Test
    void withoutScriptTheUpdateTotalButtonPricesTheQuantityOnTheServer() {
        long id = product("Round trip tiers", 1000, "", "");
        store.importKeys(id, List.of("RT-1", "RT-2", "RT-3", "RT-4", "RT-5", "RT-6"));
        assertThat(store.http()
                        .adminPutJson(
                                "/api/admin/products/" + id + "/pricing",
                                Map.of("tiers", List.of(Map.of("minQuantity", 5, "unitPrice", 800))))
                        .status())
                .isEqualTo(200);

        assertThat(page("/products/" + id).body())
                .contains("id=\"total\">CN¥10.00<")
                .contains("formaction=\"/products/" + id + "\"");
        Http.Answer priced = store.http()
                .postRaw(
                        "/products/" + id,
                        "quantity=6&email=buyer%40example.com&coupon=SPRING&lookupPassword=secret123"
                                .getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/x-www-form-urlencoded");
        assertThat(priced.status()).isEqualTo(200);
        assertThat(priced.body())
                .contains("id=\"total\">CN¥48.00<")
                .contains("id=\"unit-price\">CN¥8.00<")
                .contains("value=\"buyer@example.com\"")
                .contains("value=\"SPRING\"")
                .doesNotContain("secret123")
                .contains("<tr class=\"tier current\" data-min=\"5\">");
        // The quote API answers the same total.
        assertThat(store.http()
                        .get("/api/products/" + id + "/quote?quantity=6")
                        .json()
                        .get("amount")
                        .asLong())
                .isEqualTo(4800);
        assertThat(store.http()
                        .postRaw(
                                "/products/" + id,
                                "quantity=abc".getBytes(StandardCharsets.UTF_8),
                                "Content-Type",
                                "application/x-www-form-urlencoded")
                        .status())
                .isEqualTo(422);
    }

    @Test
    void aForgedHostNeverReachesCanonicalLinksOrTheSitemap() throws Exception {
        long id = product("Host check product", 100, "", "");
        for (String path : List.of("/", "/products/" + id, "/sitemap.xml", "/robots.txt")) {
            String forged = rawGet(path, "evil.example");
            assertThat(forged).as(path).startsWith("HTTP/1.1 200").doesNotContain("evil.example");
            // and the cached page a real buyer gets next is not the forged one
            assertThat(page(path).body()).as(path).doesNotContain("evil.example");
        }
        assertThat(page("/products/" + id).body())
                .contains("<link rel=\"canonical\" href=\"" + store.baseUrl() + "/products/" + id + "\">");
    }

    /** A request with a Host header of our choosing, which java.net.http will not send. */
    private static String rawGet(String path, String host) throws Exception {
        java.net.URI base = java.net.URI.create(store.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
