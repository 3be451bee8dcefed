package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.storefront.view.ChannelOption;
import io.kamishop.storefront.view.CheckoutForm;
import io.kamishop.storefront.view.LanguageLink;
import io.kamishop.storefront.view.ProductCard;
import io.kamishop.storefront.view.Shelf;
import io.kamishop.storefront.view.Site;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import io.kamishop.web.Json;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Measures how many home and product pages per second the storefront renders, in-process (template
 * only) and over HTTP (database, theme lookup, rendering). It prints the numbers for the record and
 * asserts only that every page rendered correctly: timing assertions would fail on a busy machine.
 */
class RenderThroughputTest {

    private static final int PRODUCTS = 20;

    @Test
    void measuresHomeAndProductRenderThroughput() throws Exception {
        Theme theme = new Themes(io.kamishop.testing.ScratchDirs.create("kamishop-themes"), Json.mapper())
                .get(Themes.DEFAULT);
        Site site = new Site(
                "Bench store",
                "en",
                "default",
                List.of(
                        new LanguageLink("en", "English", "/?lang=en", true),
                        new LanguageLink("zh-CN", "简体中文", "/?lang=zh-CN", false)),
                List.of(theme.assetUrl("css/store.css"), theme.assetUrl(Theme.SETTINGS_CSS)),
                theme.assetUrl("js/store.js"),
                null);
        List<ProductCard> cards = IntStream.rangeClosed(1, PRODUCTS)
                .mapToObj(i -> new ProductCard(
                        i,
                        "Product " + i,
                        "Description of product " + i,
                        Prices.format(990L * i, "CNY", Locale.US),
                        10,
                        true,
                        "/products/" + i,
                        null,
                        false,
                        false,
                        true,
                        "",
                        "",
                        null,
                        null))
                .toList();
        // The home page draws the catalogue's first shelf page, as CatalogPages hands it over.
        Shelf shelf = new Shelf("", "", "featured", "/", cards, cards.size(), 1, 1, null, null, List.of());
        Map<String, Object> home = Map.of("site", site, "shelf", shelf, "products", cards);
        Map<String, Object> product = Map.of(
                "site",
                site,
                "product",
                cards.get(0),
                "form",
                new CheckoutForm(
                        "",
                        1,
                        100,
                        List.of(new ChannelOption("sandbox", "Sandbox", true, null, null)),
                        "",
                        List.of(),
                        List.of(),
                        null,
                        null,
                        null,
                        "/checkout",
                        null));

        double homeInProcess = perSecond(() -> theme.render("home", home, Locale.US), "Product 20", 3000);
        double productInProcess = perSecond(() -> theme.render("product", product, Locale.US), "id=\"checkout\"", 3000);

        double homeHttp;
        double productHttp;
        double apiBaseline;
        try (TestStore store = TestStore.start()) {
            long firstId = 0;
            for (int i = 1; i <= PRODUCTS; i++) {
                long id = store.createProduct("Product " + i, 990L * i, "CNY");
                store.importKeys(id, List.of("BENCH-" + i + "-A", "BENCH-" + i + "-B"));
                firstId = firstId == 0 ? id : firstId;
            }
            homeHttp = httpPerSecond(store.http(), "/", "Product 20", 800);
            productHttp = httpPerSecond(store.http(), "/products/" + firstId, "id=\"checkout\"", 800);
            // The same database reads as the home page, answered as JSON: what the page costs on top.
            apiBaseline = httpPerSecond(store.http(), "/api/products", "Product 20", 800);
        }

        String report = String.format(
                Locale.ROOT,
                "render throughput (%d products, %d cores): in-process home %.0f/s, product %.0f/s; "
                        + "over HTTP with 4 clients home %.0f/s, product %.0f/s (JSON /api/products baseline %.0f/s); load average %.1f%n",
                PRODUCTS,
                Runtime.getRuntime().availableProcessors(),
                homeInProcess,
                productInProcess,
                homeHttp,
                productHttp,
                apiBaseline,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        System.out.print(report);
        Files.writeString(Path.of("target", "render-throughput.txt"), report);
        assertThat(List.of(homeInProcess, productInProcess, homeHttp, productHttp))
                .allMatch(rate -> rate > 0);
    }

    /** Renders {@code count} times after a warm-up, checking every page; pages per second. */
    private static double perSecond(java.util.function.Supplier<String> render, String mustContain, int count) {
        for (int i = 0; i < count / 3; i++) {
            assertThat(render.get()).contains(mustContain);
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            assertThat(render.get()).contains(mustContain);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double httpPerSecond(Http http, String path, String mustContain, int count) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(http.uri(path)).GET().header("Accept", "text/html");
        for (int i = 0; i < 100; i++) {
            assertThat(http.send(request, false).body()).contains(mustContain);
        }
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            long start = System.nanoTime();
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                results.add(clients.submit(() -> {
                    Http.Answer answer = http.send(
                            HttpRequest.newBuilder(http.uri(path)).GET().header("Accept", "text/html"), false);
                    return answer.status() == 200 && answer.body().contains(mustContain);
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            clients.shutdownNow();
        }
    }
}
