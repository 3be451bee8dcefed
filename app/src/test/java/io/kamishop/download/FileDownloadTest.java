package io.kamishop.download;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** File products: the file sealed at rest, delivered as signed expiring links that a refund ends. */
class FileDownloadTest {

    private static final String MARKER = "PLAINTEXT-MARKER-of-the-merchants-file";

    @Test
    void aPaidBuyerDownloadsTheFileThroughASignedLinkThatExpiresAndCannotBeForged() throws Exception {
        MutableClock clock = MutableClock.now();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            long product = store.createProduct("E-book", "file", Map.of());
            assertThat(store.order(product, 1).errorCode())
                    .as("nothing to sell before the upload")
                    .isEqualTo("out_of_stock");
            byte[] file = fileBytes(300_000);
            Http.Answer uploaded = upload(store, product, "guide book.pdf", file);
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);

            Http.Answer placed = store.order(product, 1);
            String orderNo = placed.json().get("orderNo").asText();
            String token = placed.json().get("lookupToken").asText();
            assertThat(downloads(store, orderNo, token))
                    .as("no links before payment")
                    .isEmpty();
            store.notifySandbox(orderNo, 1000, "file-1");

            JsonNode links = downloads(store, orderNo, token);
            assertThat(links).hasSize(1);
            assertThat(links.get(0).get("name").asText()).isEqualTo("guide book.pdf");
            String url = links.get(0).get("url").asText();
            HttpResponse<byte[]> download = getBytes(store, url);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(Arrays.equals(download.body(), file))
                    .as("the bytes uploaded")
                    .isTrue();
            assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                    .startsWith("attachment;")
                    .contains("filename*=UTF-8''guide%20book.pdf");
            assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("application/octet-stream");

            Http.Answer forgedSig =
                    store.http().get(url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0"));
            Http.Answer forgedExpiry = store.http().get(url.replaceFirst("expires=(\\d+)", "expires=9999999999"));
            Http.Answer otherOrder =
                    store.http().get(url.replace(orderNo, orderNo.substring(0, orderNo.length() - 1) + "X"));
            assertThat(forgedSig.status()).isEqualTo(403);
            assertThat(forgedSig.errorCode()).isEqualTo("link_invalid");
            assertThat(forgedExpiry.status()).isEqualTo(403);
            assertThat(otherOrder.status()).isEqualTo(403);

            clock.advance(Duration.ofHours(2));
            Http.Answer expired = store.http().get(url);
            assertThat(expired.status()).isEqualTo(410);
            assertThat(expired.errorCode()).isEqualTo("link_expired");
            String fresh = downloads(store, orderNo, token).get(0).get("url").asText();
            assertThat(getBytes(store, fresh).statusCode())
                    .as("a fresh link works again")
                    .isEqualTo(200);
            assertThat(store.http()
                            .get("/api/orders/" + orderNo + "/downloads?token=wrong")
                            .status())
                    .isEqualTo(404);

            // The order page links to the store, which hands out a fresh signed link each time.
            String page = store.http()
                    .openOrder("/orders/" + orderNo + "?token=" + token, "Accept-Language", "en")
                    .body();
            assertThat(page).contains("Your files").contains("guide book.pdf");
            // The page's link goes without the token: the order's cookie opens it.
            String fileLink = "/orders/" + orderNo + "/files/"
                    + links.get(0).get("fileId").asLong();
            assertThat(page).contains("href=\"" + fileLink + "\"");
            Http.Answer byCookie = store.http()
                    .send(
                            HttpRequest.newBuilder(store.http().uri(fileLink))
                                    .header(
                                            "Cookie",
                                            store.http().orderCookie("/orders/" + orderNo + "?token=" + token))
                                    .GET(),
                            false);
            assertThat(byCookie.status()).isEqualTo(303);
            assertThat(byCookie.header("Location")).startsWith("/api/downloads/" + orderNo + "/");
            assertThat(store.http().get(fileLink).status()).isEqualTo(404);
            Http.Answer redirect = store.http()
                    .get("/orders/" + orderNo + "/files/"
                            + links.get(0).get("fileId").asLong() + "?token=" + token);
            assertThat(redirect.status()).isEqualTo(303);
            assertThat(redirect.header("Location")).startsWith("/api/downloads/" + orderNo + "/");
            assertThat(getBytes(store, redirect.header("Location")).statusCode())
                    .isEqualTo(200);
            assertThat(store.http()
                            .get("/orders/" + orderNo + "/files/"
                                    + links.get(0).get("fileId").asLong() + "?token=nope")
                            .status())
                    .isEqualTo(404);
            Invariants.unitsAddUp(store.app().database());
        }
    }

    @Test
    void aRefundedOrdersLinkStopsWorking() throws Exception {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("E-book", "file", Map.of());
            upload(store, product, "book.epub", fileBytes(1000));
            Http.Answer placed = store.order(product, 1);
            String orderNo = placed.json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "file-r");
            String url = downloads(
                            store, orderNo, placed.json().get("lookupToken").asText())
                    .get(0)
                    .get("url")
                    .asText();
            assertThat(getBytes(store, url).statusCode()).isEqualTo(200);

            assertThat(store.http()
                            .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of())
                            .status())
                    .isEqualTo(200);

            Http.Answer gone = store.http().get(url);
            assertThat(gone.status()).isEqualTo(410);
            assertThat(gone.errorCode()).isEqualTo("download_gone");
            assertThat(downloads(
                            store, orderNo, placed.json().get("lookupToken").asText()))
                    .isEmpty();
        }
    }

    @Test
    void theDeliveryMailNamesTheFile() throws Exception {
        com.icegreen.greenmail.util.GreenMail smtp = new com.icegreen.greenmail.util.GreenMail(
                com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (TestStore store = TestStore.start()) {
            store.http()
                    .adminPutJson(
                            "/api/admin/mail/settings",
                            Map.of(
                                    "host",
                                    "127.0.0.1",
                                    "port",
                                    smtp.getSmtp().getPort(),
                                    "from",
                                    "shop@example.com",
                                    "security",
                                    "none",
                                    "username",
                                    "",
                                    "password",
                                    ""));
            long product = store.createProduct("E-book", "file", Map.of());
            upload(store, product, "handbook.pdf", fileBytes(100));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "file-mail");

            store.app().mailOutbox().sendDue();

            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(smtp.getReceivedMessages()[0]))
                    .contains("handbook.pdf");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void theFileIsSealedAtRestAndTheSizeLimitIsEnforced() throws Exception {
        try (TestStore store =
                TestStore.builder().env("KAMISHOP_MAX_FILE_BYTES", "5000").start()) {
            long product = store.createProduct("Patch", "file", Map.of());
            long keysProduct = store.createProduct("Game", 1000, "CNY");

            Http.Answer tooBig = upload(store, product, "big.bin", fileBytes(5001));
            Http.Answer wrongKind = upload(store, keysProduct, "x.bin", fileBytes(10));
            Http.Answer badName = upload(store, product, "../etc/passwd", fileBytes(10));
            Http.Answer fits = upload(store, product, "patch.bin", fileBytes(5000));

            assertThat(tooBig.status()).isEqualTo(413);
            assertThat(tooBig.errorCode()).isEqualTo("payload_too_large");
            assertThat(wrongKind.status()).isEqualTo(422);
            assertThat(badName.status()).isEqualTo(422);
            assertThat(fits.status()).as(fits.body()).isEqualTo(201);
            assertThat(store.http()
                            .adminGet("/api/admin/products/" + product + "/file")
                            .json()
                            .get("size")
                            .asLong())
                    .isEqualTo(5000);
            try (var files = Files.walk(store.dataDir())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                            .as(f.toString())
                            .doesNotContain(MARKER);
                }
            }
        }
    }

    /** Random bytes with a recognisable plaintext marker at the start. */
    private static byte[] fileBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        byte[] marker = MARKER.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, bytes, 0, Math.min(marker.length, size));
        return bytes;
    }

    private static Http.Answer upload(TestStore store, long product, String name, byte[] bytes) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http()
                                        .uri("/api/admin/products/" + product + "/file?name="
                                                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)))
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                        true);
    }

    private static JsonNode downloads(TestStore store, String orderNo, String token) {
        Http.Answer answer = store.http().get("/api/orders/" + orderNo + "/downloads?token=" + token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("downloads");
    }

    private static HttpResponse<byte[]> getBytes(TestStore store, String path)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }
}
