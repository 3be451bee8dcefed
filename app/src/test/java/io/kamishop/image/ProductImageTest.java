package io.kamishop.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.db.Handles;
import io.kamishop.testing.TestStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A product's picture through the admin API and the storefront: what is taken, what is refused (and
 * that a refusal stores nothing), and how the stored sizes are served.
 */
class ProductImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static TestStore store;

    @BeforeAll
    static void start() {
        store = TestStore.start();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void uploadedPhotoIsServedInThreeWidthsWithoutItsMetadata() throws Exception {
        long id = store.createProduct("Photo card", 990, "CNY");
        HttpResponse<byte[]> put =
                putImage("/api/admin/products/" + id + "/image", TestImages.jpegWithExif(1600, 1200), "image/jpeg");
        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(put.body());
        assertThat(answer.get("widths").toString()).isEqualTo("[320,640,1024]");
        assertThat(answer.get("width").asInt()).isEqualTo(1024);
        assertThat(answer.get("height").asInt()).isEqualTo(768);

        for (String url : srcsetUrls(answer.get("srcset").asText())) {
            HttpResponse<byte[]> got = get(url);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(got.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
            assertThat(got.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            String etag = got.headers().firstValue("ETag").orElseThrow();
            BufferedImage served = ImageIO.read(new ByteArrayInputStream(got.body()));
            assertThat(served.getWidth()).isEqualTo(Integer.parseInt(url.replaceAll(".*-(\\d+)\\.jpg", "$1")));
            String bytes = new String(got.body(), StandardCharsets.ISO_8859_1);
            assertThat(bytes).doesNotContain("Exif").doesNotContain("GPS").doesNotContain("SecretCam");

            HttpResponse<byte[]> again = CLIENT.send(
                    HttpRequest.newBuilder(store.http().uri(url))
                            .header("If-None-Match", etag)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(again.statusCode()).isEqualTo(304);
        }
    }

    @Test
    void smallTransparentPngIsNeverEnlargedAndStaysPng() throws Exception {
        long id = store.createProduct("Icon card", 100, "CNY");
        HttpResponse<byte[]> put =
                putImage("/api/admin/products/" + id + "/image", TestImages.picture("png", 500, 250, 1), "image/png");
        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(put.body());
        assertThat(answer.get("widths").toString()).isEqualTo("[320,500]");
        assertThat(answer.get("src").asText()).endsWith("-500.png");
        HttpResponse<byte[]> got = get(answer.get("src").asText());
        assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(got.body()))
                        .getColorModel()
                        .hasAlpha())
                .isTrue();
    }

    @Test
    void webpAndGifUploadsAreTaken() throws Exception {
        long id = store.createProduct("Gif card", 100, "CNY");
        assertThat(putImage("/api/admin/products/" + id + "/image", TestImages.picture("gif", 64, 64, 2), "image/gif")
                        .statusCode())
                .isEqualTo(200);
        // A 16 × 16 lossy WebP with an alpha channel (CPython's imghdr test image, 432 bytes): TwelveMonkeys decodes
        // it.
        byte[] webp = java.util.HexFormat.of()
                .parseHex(
                        "52494646a801000057454250565038580a000000100000000f00000f0000414c5048c30000000127a2a89124e57ae718"
                                + "5fe7df2a998898ff74718de02630e2e18b7732c8c1115c832b30e8b078158e785135c1080c024f92a06ab055191cd6b6"
                                + "6d462f4ec6763cb6ed77fbaf29ae21a2ff49d1fd8f90f7ba4449241b3a259134f3146d0ec7d3e51620f40b14be90e183"
                                + "b71a329e36827f1d297e4e7608fb889eb391ef997346e83282dbf8cc48b2f745307d20fd36178c2132562da5d66b23bc"
                                + "5de3a55915d59c81a4d96e96758a18310f8aaa2c5034fa3082dfba6b505229b52dcfe954140a0100000056503820be00"
                                + "00009002009d012a1000100003003425b00274304f08850c7c031d082cfde800fefd74a0fd029b1f8af7437c9c37f6d2"
                                + "0cafd3ff3568e2eea7bdc96f1bf4aac563aeba9f9784df41a23bda5be4eff8cbf1bd7fe1affa3fe509ecf4bb665fffaa"
                                + "29d97fc96ce786e6ac97b9e4c6f493238c5fdd8f3955207f954ffc39f8ff6fd26b03e89fbc8398666db1d513ff7617e6"
                                + "b1fe5d8ae49f47bfb3fabffe1d1df3128ffe5ccfc1faf918c3bdcfcf1f9139a001fd9a014b312cdebcd97baaac000000");
        HttpResponse<byte[]> put = putImage("/api/admin/products/" + id + "/image", webp, "image/webp");
        assertThat(put.statusCode())
                .as(new String(put.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(JSON.readTree(put.body()).get("width").asInt()).isEqualTo(16);
    }

    @Test
    void filesThatAreNotRealImagesAreRefusedAndNothingIsStored() throws Exception {
        long id = store.createProduct("Guarded card", 100, "CNY");
        String path = "/api/admin/products/" + id + "/image";
        long storedBefore = storedVariants();
        byte[] png = TestImages.picture("png", 40, 40, 0);
        // A GIF header in front of a script: the classic GIF/JavaScript polyglot.
        assertRefused(
                putImage(
                        path,
                        "GIF89a/*<script>alert(1)</script>*/=1;".getBytes(StandardCharsets.US_ASCII),
                        "image/gif"),
                422,
                "invalid_image");
        assertRefused(
                putImage(path, "just some text, not a picture".getBytes(StandardCharsets.US_ASCII), "image/png"),
                422,
                "invalid_image");
        // Real PNG bytes declared as a JPEG, and a JPEG cut off after its header.
        assertRefused(putImage(path, png, "image/jpeg"), 422, "invalid_image");
        byte[] jpeg = TestImages.picture("jpg", 200, 200, 3);
        assertRefused(putImage(path, java.util.Arrays.copyOf(jpeg, 40), "image/jpeg"), 422, "invalid_image");
        // A picture in a type the store does not take, or none at all.
        assertRefused(putImage(path, png, "text/html"), 415, "unsupported_image_type");
        assertRefused(putImage(path, png, "application/octet-stream"), 415, "unsupported_image_type");
        // A header claiming 60,000 × 60,000 pixels is refused before any decoding (it would need 14 GB).
        assertRefused(putImage(path, TestImages.pngClaiming(60_000), "image/png"), 422, "image_dimensions_too_large");
        // Over 5 MB.
        byte[] big = java.util.Arrays.copyOf(png, 5 * 1024 * 1024 + 10);
        assertRefused(putImage(path, big, "image/png"), 413, "image_too_large");

        assertThat(storedVariants()).as("no image stored by a refused upload").isEqualTo(storedBefore);
        assertThat(store.http().get("/products/" + id).body()).doesNotContain("product-image");
    }

    @Test
    void replacingAPictureRetiresTheOldFilesAndRemovingItShowsTheProductAsBefore() throws Exception {
        long id = store.createProduct("Replaced card", 100, "CNY");
        String path = "/api/admin/products/" + id + "/image";
        String first = JSON.readTree(putImage(path, TestImages.picture("jpg", 700, 700, 4), "image/jpeg")
                        .body())
                .get("src")
                .asText();
        String second = JSON.readTree(putImage(path, TestImages.picture("jpg", 700, 700, 5), "image/jpeg")
                        .body())
                .get("src")
                .asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(get(first).statusCode()).isEqualTo(404);
        assertThat(get(second).statusCode()).isEqualTo(200);

        assertThat(delete(path).statusCode()).isEqualTo(204);
        assertThat(get(second).statusCode()).isEqualTo(404);
        assertThat(store.http().get("/products/" + id).body())
                .doesNotContain("product-image")
                .doesNotContain("og:image");
        HttpResponse<byte[]> again = delete(path);
        assertRefused(again, 404, "image_not_found");
    }

    @Test
    void unknownOrMalformedImageNamesAre404() throws Exception {
        assertThat(get("/images/0123456789abcdef0123456789abcdef-320.jpg").statusCode())
                .isEqualTo(404);
        assertThat(get("/images/..%2Fmaster.key").statusCode()).isEqualTo(404);
        assertThat(get("/images/0123456789abcdef0123456789abcdef-320.svg").statusCode())
                .isEqualTo(404);
    }

    @Test
    void shelfAndProductPageShowThePictureWithSizesAndOpenGraph() throws Exception {
        long id = store.createProduct("Shown card", 100, "CNY");
        store.importKeys(id, List.of("SHOWN-1"));
        JsonNode image = JSON.readTree(
                putImage("/api/admin/products/" + id + "/image", TestImages.picture("jpg", 1200, 900, 6), "image/jpeg")
                        .body());
        String page = store.http().get("/products/" + id).body();
        assertThat(page)
                .contains("id=\"product-image\"")
                .contains("srcset=\"" + image.get("srcset").asText() + "\"")
                .contains("width=\"1024\" height=\"768\"")
                .contains("alt=\"Shown card\"")
                .containsPattern("<meta property=\"og:image\" content=\"http[^\"]+"
                        + Pattern.quote(image.get("src").asText().replace("-1024", "-640")));
        String shelf = store.http().get("/search?q=Shown").body();
        assertThat(shelf)
                .contains("class=\"card-image\"")
                .contains(image.get("srcset").asText())
                .contains("alt=\"Shown card\"");
    }

    @Test
    void logoAndFaviconReplaceTheStoreNameAndTheThemeIcon() throws Exception {
        String before = store.http().get("/lookup").body();
        assertThat(before).doesNotContain("id=\"store-logo\"").contains("favicon.svg");
        assertThat(putImage("/api/admin/settings/logo", TestImages.picture("png", 400, 100, 3), "image/png")
                        .statusCode())
                .isEqualTo(200);
        assertThat(putImage("/api/admin/settings/favicon", TestImages.picture("png", 256, 256, 9), "image/png")
                        .statusCode())
                .isEqualTo(200);
        String after = store.http().get("/lookup").body();
        assertThat(after)
                .contains("id=\"store-logo\"")
                .containsPattern("<link rel=\"icon\" href=\"/images/[0-9a-f]{32}-32\\.png\">")
                .containsPattern("<link rel=\"apple-touch-icon\" href=\"/images/[0-9a-f]{32}-180\\.png\">")
                .doesNotContain("favicon.svg");
        assertThat(delete("/api/admin/settings/logo").statusCode()).isEqualTo(204);
        assertThat(delete("/api/admin/settings/favicon").statusCode()).isEqualTo(204);
        assertThat(store.http().get("/lookup").body())
                .doesNotContain("id=\"store-logo\"")
                .contains("favicon.svg");
    }

    private static void assertRefused(HttpResponse<byte[]> answer, int status, String code) throws IOException {
        assertThat(answer.statusCode())
                .as(new String(answer.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).at("/error/code").asText()).isEqualTo(code);
    }

    private static long storedVariants() {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM image_variants")
                        .mapTo(Long.class)
                        .one());
    }

    static List<String> srcsetUrls(String srcset) {
        List<String> urls = new ArrayList<>();
        Matcher m = Pattern.compile("(/images/\\S+) \\d+w").matcher(srcset);
        while (m.find()) {
            urls.add(m.group(1));
        }
        return urls;
    }

    private static HttpResponse<byte[]> putImage(String path, byte[] bytes, String type) {
        return send(HttpRequest.newBuilder(store.http().uri(path))
                .header("Authorization", "Bearer " + TestStore.ADMIN_TOKEN)
                .header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private static HttpResponse<byte[]> delete(String path) {
        return send(HttpRequest.newBuilder(store.http().uri(path))
                .header("Authorization", "Bearer " + TestStore.ADMIN_TOKEN)
                .DELETE());
    }

    private static HttpResponse<byte[]> get(String path) {
        return send(HttpRequest.newBuilder(store.http().uri(path)).GET());
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
