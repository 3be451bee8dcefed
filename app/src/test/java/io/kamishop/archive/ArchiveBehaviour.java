package io.kamishop.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import io.kamishop.plugins.archives3.MotoServer;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.ProcessTest;
import io.kamishop.testing.TestStore;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order archive end to end on SQLite ({@link ArchiveTest}) and PostgreSQL ({@link ArchiveOnPostgresTest}):
 * final orders move from hot to warm and are still found by the admin's search, the buyer's order link and the
 * look-up by e-mail and password, with their keys; an import does not take back a key an archived order bought;
 * warm orders go cold into a sealed segment and come back on demand; and a batch that fails between copy and
 * delete leaves every order exactly where it was. Cold segments also go through the bundled archive-s3 plugin
 * into a real S3-compatible server (moto, started by the test): the segment is an object in the bucket, byte for
 * byte what the store recorded, nothing lands in the data dir, and the order link brings the order back from it.
 */
abstract class ArchiveBehaviour {

    static final long PRICE = 500;
    static final String EMAIL = "archived.buyer@example.com";
    static final String PASSWORD = "lookup-secret";

    GreenMail smtp;
    TestStore store;
    MutableClock clock;
    long product;
    int trade;

    /** One placed order as the buyer knows it. */
    record Placed(String orderNo, String token) {}

    abstract TestStore.Builder builder();

    void afterStore() {}

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        clock = MutableClock.now();
        // The tests run the archive's moves themselves, at the moments they pin; the sweeper would race them.
        store = builder()
                .clock(clock)
                .env(
                        "KAMISHOP_ARCHIVE_SWEEP_INTERVAL_MILLIS",
                        Long.toString(Duration.ofDays(1).toMillis()))
                // The S3 plugin calls through the host's guarded client; the local moto_server is on loopback.
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        assertThat(store.http()
                        .adminPost("/api/admin/plugins/payment-sandbox/enable")
                        .status())
                .isEqualTo(200);
        // An order whose mail still waits is not archived (outbox work pending): the mails must be able to go.
        store.mailThrough(smtp.getSmtp().getPort());
        product = store.createProduct("Archive card", PRICE, "CNY");
        store.importKeys(
                product,
                IntStream.range(0, 40).mapToObj(i -> "ARCHIVE-KEY-" + i).toList());
    }

    @AfterEach
    void stop() {
        try {
            Invariants.noKeyInTwoOrders(store.app().database());
            Invariants.deliveredOrdersHaveTheirKeys(store.app().database());
        } finally {
            store.close();
            smtp.stop();
            afterStore();
        }
    }

    Placed place(int quantity) {
        Http.Answer answer = store.http()
                .postJson(
                        "/api/orders",
                        Map.of(
                                "productId",
                                product,
                                "quantity",
                                quantity,
                                "email",
                                EMAIL,
                                "channel",
                                "sandbox",
                                "queryPassword",
                                PASSWORD));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return new Placed(
                answer.json().get("orderNo").asText(),
                answer.json().get("lookupToken").asText());
    }

    Placed delivered(int quantity) {
        Placed placed = place(quantity);
        assertThat(store.notifySandbox(placed.orderNo(), PRICE * quantity, "T-" + (++trade))
                        .status())
                .isEqualTo(200);
        assertThat(buyerView(placed).get("status").asText()).isEqualTo("delivered");
        return placed;
    }

    JsonNode buyerView(Placed placed) {
        Http.Answer answer = store.http().get("/api/orders/" + placed.orderNo() + "?token=" + placed.token());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    static List<String> keys(JsonNode order) {
        List<String> keys = new ArrayList<>();
        order.path("keys").forEach(k -> keys.add(k.asText()));
        return keys;
    }

    /** Stores archive settings, after the buyer mails of the orders so far went out (pending mail holds an order hot). */
    void settings(Map<String, Object> values) {
        store.app().mailOutbox().sendDue();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"))
                .isZero();
        assertThat(store.http().adminPutJson("/api/admin/settings", values).status())
                .isEqualTo(200);
    }

    OrderArchive archive() {
        return store.app().archive();
    }

    long count(String sql) {
        Database db = store.app().database();
        return db.read(tx -> Handles.of(tx).createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void finishedOrdersMoveToWarmAndAreStillFoundByAdminAndBuyerWithTheirKeys() {
        Placed first = delivered(2);
        Placed second = delivered(1);
        Placed pending = place(1);
        Map<String, List<String>> keysBefore = new LinkedHashMap<>();
        keysBefore.put(first.orderNo(), keys(buyerView(first)));
        keysBefore.put(second.orderNo(), keys(buyerView(second)));
        assertThat(keysBefore.get(first.orderNo())).hasSize(2);

        // Off by default: nothing moves however old the orders are.
        clock.advance(Duration.ofDays(40));
        assertThat(archive().moveDue()).isZero();

        settings(Map.of("archiveWarmAfterDays", 30));
        assertThat(archive().moveDue())
                .isEqualTo(2); // the pending order (expired meanwhile or not) is not both old and final
        assertThat(count("SELECT COUNT(*) FROM orders WHERE order_no IN ('" + first.orderNo() + "', '"
                        + second.orderNo() + "')"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM card_keys WHERE status = 'sold'"))
                .isZero();
        assertThat(
                        count(
                                "SELECT COUNT(*) FROM order_events e WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = e.order_id)"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM archived_orders WHERE tier = 'warm'"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM archived_keys")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM orders WHERE order_no = '" + pending.orderNo() + "'"))
                .isEqualTo(1);

        // The merchant: the hot order API no longer has it, the archive does, marked archived.
        assertThat(store.http().adminGet("/api/admin/orders/" + first.orderNo()).status())
                .isEqualTo(404);
        JsonNode archived = store.http()
                .adminGet("/api/admin/archive/orders/" + first.orderNo())
                .json();
        assertThat(archived.get("archived").asBoolean()).isTrue();
        assertThat(archived.get("tier").asText()).isEqualTo("warm");
        assertThat(archived.get("status").asText()).isEqualTo("delivered");
        JsonNode search = store.http()
                .adminGet("/api/admin/archive/orders?q=" + EMAIL)
                .json()
                .get("orders");
        assertThat(search).hasSize(2);
        assertThat(store.http()
                        .adminGet("/api/admin/archive/orders?q=" + second.orderNo())
                        .json()
                        .get("orders")
                        .get(0)
                        .get("orderNo")
                        .asText())
                .isEqualTo(second.orderNo());
        assertThat(store.http()
                        .adminGet("/api/admin/archive/orders?q=archived.buyer")
                        .json()
                        .get("orders"))
                .hasSize(2);

        // The buyer: the order link opens it with the same keys; a wrong token does not.
        for (Placed placed : List.of(first, second)) {
            JsonNode view = buyerView(placed);
            assertThat(view.get("status").asText()).isEqualTo("delivered");
            assertThat(keys(view)).isEqualTo(keysBefore.get(placed.orderNo()));
        }
        assertThat(store.http()
                        .get("/api/orders/" + first.orderNo() + "?token=wrong")
                        .status())
                .isEqualTo(404);
        // Paying an archived order again is refused like paying any delivered order.
        assertThat(store.http()
                        .postJson("/api/orders/" + first.orderNo() + "/payment?token=" + first.token(), Map.of())
                        .status())
                .isEqualTo(409);

        // The look-up by e-mail and password finds archived orders, with their keys.
        Http.Answer lookup =
                store.http().postJson("/api/orders/lookup", Map.of("email", EMAIL, "queryPassword", PASSWORD));
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
        Map<String, List<String>> found = new LinkedHashMap<>();
        lookup.json().get("orders").forEach(o -> found.put(o.get("orderNo").asText(), keys(o)));
        assertThat(found)
                .containsEntry(first.orderNo(), keysBefore.get(first.orderNo()))
                .containsEntry(second.orderNo(), keysBefore.get(second.orderNo()));
        Http.Answer byNumber = store.http()
                .postJson("/api/orders/lookup", Map.of("orderNo", second.orderNo(), "queryPassword", PASSWORD));
        assertThat(byNumber.json().get("orders").get(0).get("orderNo").asText()).isEqualTo(second.orderNo());

        // An import of the keys the archived orders bought stores none of them again.
        List<String> sold = Stream.concat(
                        keysBefore.get(first.orderNo()).stream(), keysBefore.get(second.orderNo()).stream())
                .toList();
        JsonNode report = store.importKeys(product, sold);
        assertThat(report.get("imported").asLong()).isZero();
        assertThat(report.get("duplicates").asLong()).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM card_keys") + count("SELECT COUNT(*) FROM archived_keys"))
                .isEqualTo(40);
    }

    @Test
    void anOrderWithWorkLeftStaysHot() {
        Placed refundOwed = delivered(1);
        store.app().mailOutbox().sendDue();
        smtp.stop(); // from here on mails cannot go out: they stay pending
        Placed mailWaits = delivered(1);
        Placed open = place(1);
        // A refund still owed to the gateway: made pending by hand, as a gateway outage leaves it.
        store.app()
                .database()
                .write(tx -> Handles.of(tx)
                        .createUpdate("INSERT INTO refunds (order_id, refund_id, channel, trade_no, amount, currency, "
                                + "status, created_at, updated_at) SELECT id, 'R-held', 'sandbox', 'T-x', 100, 'CNY', 'pending', 0, 0 FROM orders "
                                + "WHERE order_no = :no")
                        .bind("no", refundOwed.orderNo())
                        .execute());
        store.app().mailOutbox().sendDue();
        assertThat(count("SELECT COUNT(*) FROM outbox m JOIN orders o ON o.id = m.order_id WHERE m.status = 'pending' "
                        + "AND o.order_no = '" + mailWaits.orderNo() + "'"))
                .isPositive();
        clock.advance(Duration.ofDays(40));
        assertThat(store.http()
                        .adminPutJson("/api/admin/settings", Map.of("archiveWarmAfterDays", 30))
                        .status())
                .isEqualTo(200);

        assertThat(archive().moveDue()).isZero();
        assertThat(count("SELECT COUNT(*) FROM orders WHERE order_no IN ('" + refundOwed.orderNo() + "', '"
                        + mailWaits.orderNo() + "', '" + open.orderNo() + "')"))
                .isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM archived_orders")).isZero();
    }

    @Test
    void warmOrdersGoColdIntoASealedSegmentAndComeBackOnDemand() throws Exception {
        Placed first = delivered(1);
        Placed second = delivered(2);
        List<String> firstKeys = keys(buyerView(first));
        List<String> secondKeys = keys(buyerView(second));
        clock.advance(Duration.ofDays(100));
        settings(Map.of("archiveWarmAfterDays", 30, "archiveColdAfterDays", 90));

        archive().sweep();

        assertThat(
                        count(
                                "SELECT COUNT(*) FROM archived_orders WHERE tier = 'cold' AND document IS NULL AND segment IS NOT NULL"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM archive_segments")).isEqualTo(1);
        JsonNode sizes = store.http().adminGet("/api/admin/archive").json();
        assertThat(sizes.get("coldOrders").asLong()).isEqualTo(2);
        assertThat(sizes.get("warmOrders").asLong()).isZero();
        assertThat(sizes.get("coldBytes").asLong()).isPositive();
        // The segment is in the data dir, and neither a key, the buyer's address nor the order number reads in it.
        List<Path> segments;
        try (Stream<Path> files = Files.list(store.dataDir().resolve("archive"))) {
            segments = files.toList();
        }
        assertThat(segments).hasSize(1);
        String raw = new String(Files.readAllBytes(segments.get(0)), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("ARCHIVE-KEY", EMAIL, first.orderNo());

        // The buyer's link brings a cold order back to warm, with its keys.
        assertThat(keys(buyerView(first))).isEqualTo(firstKeys);
        assertThat(store.http()
                        .adminGet("/api/admin/archive/orders/" + first.orderNo())
                        .json()
                        .get("tier")
                        .asText())
                .isEqualTo("warm");
        // The merchant's restore brings the other back; asking again is a conflict that changes nothing.
        Http.Answer restored = store.http().adminPost("/api/admin/archive/orders/" + second.orderNo() + "/restore");
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().get("tier").asText()).isEqualTo("warm");
        assertThat(store.http()
                        .adminPost("/api/admin/archive/orders/" + second.orderNo() + "/restore")
                        .status())
                .isEqualTo(409);
        assertThat(store.http()
                        .adminPost("/api/admin/archive/orders/NO-SUCH/restore")
                        .status())
                .isEqualTo(404);
        assertThat(keys(buyerView(second))).isEqualTo(secondKeys);
    }

    @Test
    void aSegmentThatDoesNotMatchItsChecksumIsRefusedAndTheIndexKeepsTheOrder() throws Exception {
        Placed placed = delivered(1);
        clock.advance(Duration.ofDays(100));
        settings(Map.of("archiveWarmAfterDays", 30, "archiveColdAfterDays", 90));
        archive().sweep();
        Path segment;
        try (Stream<Path> files = Files.list(store.dataDir().resolve("archive"))) {
            segment = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 1;
        Files.write(segment, bytes);

        assertThatThrownBy(() -> archive().restore(placed.orderNo())).hasMessageContaining("checksum");
        assertThat(count("SELECT COUNT(*) FROM archived_orders WHERE tier = 'cold'"))
                .isEqualTo(1);
    }

    @Test
    void aBatchThatDiesBetweenCopyAndDeleteLosesAndDuplicatesNothing() {
        List<Placed> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            orders.add(delivered(1));
        }
        long hotBefore = count("SELECT COUNT(*) FROM orders");
        clock.advance(Duration.ofDays(40));
        settings(Map.of("archiveWarmAfterDays", 30));
        // The fourth order's copy is written, then the batch dies before it commits (as a killed process would).
        String fourth = orders.get(3).orderNo();
        archive().afterEachCopy(order -> {
            if (order.orderNo().equals(fourth)) {
                throw new IllegalStateException("simulated crash after copying " + fourth);
            }
        });
        assertThatThrownBy(() -> archive().moveDue()).hasMessageContaining("simulated crash");
        assertThat(count("SELECT COUNT(*) FROM orders")).isEqualTo(hotBefore);
        assertThat(count("SELECT COUNT(*) FROM archived_orders")).isZero();
        assertThat(count("SELECT COUNT(*) FROM archived_keys")).isZero();
        assertThat(count("SELECT COUNT(*) FROM card_keys WHERE status = 'sold'"))
                .isEqualTo(6);

        archive().afterEachCopy(order -> {});
        assertThat(archive().moveDue()).isEqualTo(6);
        assertThat(archive().moveDue()).isZero();
        assertThat(count("SELECT COUNT(*) FROM orders")).isEqualTo(hotBefore - 6);
        assertThat(count("SELECT COUNT(*) FROM archived_orders")).isEqualTo(6);
        assertThat(count("SELECT COUNT(DISTINCT order_id) FROM archived_keys")).isEqualTo(6);
        for (Placed placed : orders) {
            assertThat(keys(buyerView(placed))).hasSize(1);
        }
    }

    @ProcessTest
    @Test
    void aColdSegmentIsWrittenToTheLocalS3ServerAndReadBackFromIt(@TempDir Path motoDir) throws Exception {
        try (MotoServer moto = MotoServer.start(motoDir.resolve("moto.log"))) {
            moto.createBucket("kamishop-cold");
            assertThat(store.http()
                            .adminPost("/api/admin/plugins/archive-s3/enable")
                            .status())
                    .isEqualTo(200);
            Http.Answer configured = store.http()
                    .adminPutJson(
                            "/api/admin/plugins/archive-s3/config",
                            Map.of(
                                    "bucket",
                                    "kamishop-cold",
                                    "endpoint",
                                    moto.endpoint(),
                                    "accessKeyId",
                                    "test",
                                    "secretAccessKey",
                                    "test-secret",
                                    "prefix",
                                    "shop/"));
            assertThat(configured.status()).as(configured.body()).isEqualTo(200);
            Placed placed = delivered(2);
            List<String> keys = keys(buyerView(placed));
            clock.advance(Duration.ofDays(100));
            settings(Map.of("archiveWarmAfterDays", 30, "archiveColdAfterDays", 90));

            archive().sweep();

            assertThat(count("SELECT COUNT(*) FROM archived_orders WHERE tier = 'cold'"))
                    .isEqualTo(1);
            String segment = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT name FROM archive_segments WHERE store = 's3'")
                            .mapTo(String.class)
                            .one());
            String sha256 = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT sha256 FROM archive_segments")
                            .mapTo(String.class)
                            .one());
            HttpURLConnection object =
                    (HttpURLConnection) URI.create(moto.endpoint() + "/kamishop-cold/shop/" + segment + ".seg")
                            .toURL()
                            .openConnection();
            // moto checks that a request carries credentials, not their signature (its default): this stands for a
            // second client.
            object.setRequestProperty(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/s3/aws4_request, "
                            + "SignedHeaders=host, Signature=0");
            assertThat(object.getResponseCode()).isEqualTo(200);
            byte[] stored;
            try (InputStream in = object.getInputStream()) {
                stored = in.readAllBytes();
            }
            assertThat(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(stored)))
                    .isEqualTo(sha256);
            assertThat(Files.exists(store.dataDir().resolve("archive"))).isFalse();
            assertThat(store.http()
                            .adminGet("/api/admin/archive")
                            .json()
                            .get("coldStore")
                            .asText())
                    .isEqualTo("s3");

            assertThat(keys(buyerView(placed))).isEqualTo(keys);
            assertThat(count("SELECT COUNT(*) FROM archived_orders WHERE tier = 'warm'"))
                    .isEqualTo(1);
        }
    }
}
