package io.kamishop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shop window is served from a cache, but a buyer never sees it lag behind a change made on this
 * node: every committed write makes what was kept unreachable.
 */
class PublicPageCacheTest {

    @Test
    void stockShownOnPagesAndApiFollowsEveryWriteAtOnce() {
        try (TestStore store = TestStore.start()) {
            long id = store.createProduct("Gift card", 500, "CNY");
            store.importKeys(id, List.of("CACHE-1", "CACHE-2"));
            assertThat(available(store, id)).isEqualTo(2);
            String before = store.http().get("/products/" + id).body();
            assertThat(store.http().get("/products/" + id).body())
                    .as("a repeat visit gets the same page")
                    .isEqualTo(before);

            store.importKeys(id, List.of("CACHE-3"));
            assertThat(available(store, id)).as("an import shows at once").isEqualTo(3);

            Http.Answer placed = store.order(id, 3);
            assertThat(placed.status()).isEqualTo(201);
            assertThat(available(store, id))
                    .as("held keys leave the shop window at once")
                    .isZero();
            assertThat(store.http().get("/products/" + id).body()).isNotEqualTo(before);

            store.http().adminPutJson("/api/admin/products/" + id, Map.of("name", "Renamed card"));
            assertThat(store.http().get("/").body()).contains("Renamed card").doesNotContain("Gift card");
            assertThat(store.http().get("/products/" + id).body()).contains("Renamed card");
        }
    }

    @Test
    void pagesAreKeptPerLanguageAndErrorsAreNotKept() {
        try (TestStore store = TestStore.start()) {
            long id = store.createProduct("Gift card", 500, "CNY");
            String english = page(store, "/products/" + id, "en");
            String chinese = page(store, "/products/" + id, "zh-CN");
            assertThat(english).contains("lang=\"en\"");
            assertThat(chinese).contains("lang=\"zh-CN\"");
            assertThat(page(store, "/products/" + id, "en")).isEqualTo(english);
            assertThat(page(store, "/products/" + id, "zh-CN")).isEqualTo(chinese);

            assertThat(store.http().get("/products/999999").status()).isEqualTo(404);
            long created = store.createProduct("Second", 100, "CNY");
            assertThat(created).isNotEqualTo(id);
            assertThat(store.http().get("/products/" + created).status()).isEqualTo(200);
        }
    }

    @Test
    void aKeptPageIsServedCompressedOnceToBrowsersThatTakeGzipAndPlainToOthers() throws Exception {
        try (TestStore store = TestStore.start()) {
            long id = store.createProduct("Gift card", 500, "CNY");
            String plain = store.http().get("/products/" + id).body(); // renders and keeps it
            assertThat(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .as("big enough to be worth compressing")
                    .isGreaterThan(1500);
            for (int visit = 0; visit < 2; visit++) {
                java.net.http.HttpResponse<byte[]> zipped = java.net.http.HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(store.baseUrl() + "/products/" + id))
                                        .header("Accept-Encoding", "br;q=1.0, gzip;q=0.8")
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                assertThat(zipped.statusCode()).isEqualTo(200);
                assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
                assertThat(zipped.headers().allValues("Vary").toString()).contains("Accept-Encoding");
                assertThat(zipped.headers().firstValue("Content-Security-Policy"))
                        .as("the filters' headers are still sent")
                        .isPresent();
                try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
                    assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                            .isEqualTo(plain);
                }
            }
            for (String refusing : List.of("gzip;q=0", "identity", "*;q=0")) {
                java.net.http.HttpResponse<String> unzipped = java.net.http.HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(store.baseUrl() + "/products/" + id))
                                        .header("Accept-Encoding", refusing)
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(unzipped.headers().firstValue("Content-Encoding"))
                        .as(refusing)
                        .isEmpty();
                assertThat(unzipped.body()).as(refusing).isEqualTo(plain);
            }
        }
    }

    @Test
    void gzipIsTakenWhenNamedOrCoveredByAStarAndNeverWithQZero() {
        assertThat(PublicPageCache.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(PublicPageCache.acceptsGzip("GZIP;q=0.5")).isTrue();
        assertThat(PublicPageCache.acceptsGzip("br, *")).isTrue();
        assertThat(PublicPageCache.acceptsGzip("*;q=0, gzip")).isTrue();
        assertThat(PublicPageCache.acceptsGzip("gzip;q=0, *")).isFalse();
        assertThat(PublicPageCache.acceptsGzip("gzip; q=0.000")).isFalse();
        assertThat(PublicPageCache.acceptsGzip("identity")).isFalse();
        assertThat(PublicPageCache.acceptsGzip(null)).isFalse();
    }

    private static String page(TestStore store, String path, String language) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(URI.create(store.baseUrl() + path))
                                .header("Accept-Language", language)
                                .GET(),
                        false)
                .body();
    }

    private static long available(TestStore store, long id) {
        for (JsonNode product : store.http().get("/api/products").json()) {
            if (product.get("id").asLong() == id) {
                long api = product.get("available").asLong();
                String page = store.http().get("/products/" + id).body();
                // The theme shows the figure on the product page too; both must agree.
                assertThat(page).contains(api > 0 ? api + " in stock" : "Sold out");
                return api;
            }
        }
        throw new AssertionError("product " + id + " is not listed");
    }
}
