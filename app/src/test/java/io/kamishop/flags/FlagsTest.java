package io.kamishop.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.domain.Audience;
import io.kamishop.domain.Requester;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import io.kamishop.web.ClientAddress;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Feature flags end to end on a real store: a flagged channel goes only to its arm on every door; arms are counted. */
class FlagsTest {

    private static final String LOOPBACK = "127.0.0.1";

    private static Map<String, Object> flag(Object rolloutPercent, String channel) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("description", "a new channel for some buyers");
        body.put("rolloutPercent", rolloutPercent);
        body.put("channel", channel);
        return body;
    }

    private static boolean on(String key, String device) {
        return new Flag(key, "", 5_000, FlagTargets.NONE, null, true, 0)
                        .armOf(Audience.of(new Requester(LOOPBACK, device, null, null)))
                == Arm.ON;
    }

    private static Http.Answer quote(Http http, long productId, String device) {
        return http.send(
                HttpRequest.newBuilder(http.uri("/api/products/" + productId + "/quote"))
                        .header(ClientAddress.DEVICE_HEADER, device)
                        .GET(),
                false);
    }

    private static Http.Answer order(Http http, long productId, String device, String email) {
        return http.send(
                HttpRequest.newBuilder(http.uri("/api/orders"))
                        .header(ClientAddress.DEVICE_HEADER, device)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(
                                Map.of("productId", productId, "quantity", 1, "email", email, "channel", "sandbox")))),
                false);
    }

    private static Http.Answer productPage(Http http, long productId, String device) {
        return http.send(
                HttpRequest.newBuilder(http.uri("/products/" + productId))
                        .header(ClientAddress.DEVICE_HEADER, device)
                        .header("Accept", "text/html")
                        .GET(),
                false);
    }

    private static Http.Answer checkoutForm(Http http, long productId, String device) {
        return http.send(
                HttpRequest.newBuilder(http.uri("/checkout"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofString("productId=" + productId
                                + "&email=form%40example.com&quantity=1&channel=sandbox&deviceId=" + device)),
                false);
    }

    private static List<String> channels(Http.Answer quote) {
        List<String> ids = new ArrayList<>();
        quote.json().get("channels").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    @Test
    void aFlaggedChannelIsOfferedAndAcceptedOnlyInItsArmOnEveryDoor() {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            long product = store.createProduct("Gift card", 1000, "CNY");
            store.importKeys(
                    product, IntStream.range(0, 40).mapToObj(i -> "KEY-" + i).toList());
            Http.Answer put = http.adminPutJson("/api/admin/flags/sandbox-beta", flag(50, "sandbox"));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.json().get("rolloutPercent").decimalValue()).isEqualByComparingTo("50");

            int onSeen = 0;
            int offSeen = 0;
            for (int i = 0; i < 12; i++) {
                String device = "device-" + i;
                boolean on = on("sandbox-beta", device);
                onSeen += on ? 1 : 0;
                offSeen += on ? 0 : 1;
                assertThat(channels(quote(http, product, device)).contains("sandbox"))
                        .as(device)
                        .isEqualTo(on);
                assertThat(productPage(http, product, device).body().contains("value=\"sandbox\""))
                        .as(device)
                        .isEqualTo(on);
                Http.Answer placed = order(http, product, device, "api" + i + "@example.com");
                assertThat(placed.status()).as(device + " " + placed.body()).isEqualTo(on ? 201 : 422);
                if (!on) {
                    assertThat(placed.errorCode()).isEqualTo("channel_unavailable");
                }
                Http.Answer form = checkoutForm(http, product, device);
                // The storefront form: on → handed over to payment (a redirect); off → the form again with the refusal,
                // 422.
                assertThat(form.status()).as(device + " form").isEqualTo(on ? 303 : 422);
            }
            assertThat(onSeen).isPositive();
            assertThat(offSeen).isPositive();

            JsonNode counts =
                    http.adminGet("/api/admin/flags/sandbox-beta").json().get("arms");
            // Every accepted order was placed in the on arm (one by the API, one by the form per on device).
            assertThat(counts.get("on").get("placed").asLong()).isEqualTo(2L * onSeen);
            assertThat(counts.get("off").get("placed").asLong()).isZero();
        }
    }

    @Test
    void ordersAndPaymentsAreCountedPerArm() {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            long product = store.createProduct("Gift card", 1000, "CNY");
            store.importKeys(
                    product, IntStream.range(0, 40).mapToObj(i -> "KEY-" + i).toList());
            assertThat(http.adminPutJson("/api/admin/flags/new-look", flag(50, null))
                            .status())
                    .isEqualTo(200);
            long[] placed = new long[2];
            long[] paid = new long[2];
            for (int i = 0; i < 16; i++) {
                String device = "buyer-" + i;
                int arm = on("new-look", device) ? 0 : 1;
                Http.Answer answer = order(http, product, device, "b" + i + "@example.com");
                assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                placed[arm]++;
                if (i % 2 == 0) {
                    JsonNode order = answer.json();
                    String orderNo = order.has("orderNo")
                            ? order.get("orderNo").asText()
                            : order.get("order").get("orderNo").asText();
                    long amount = order.has("amount")
                            ? order.get("amount").asLong()
                            : order.get("order").get("amount").asLong();
                    assertThat(store.notifySandbox(orderNo, amount, "T-" + i).status())
                            .isEqualTo(200);
                    paid[arm]++;
                }
            }
            JsonNode arms = http.adminGet("/api/admin/flags/new-look").json().get("arms");
            assertThat(arms.get("on").get("placed").asLong()).isEqualTo(placed[0]);
            assertThat(arms.get("on").get("paid").asLong()).isEqualTo(paid[0]);
            assertThat(arms.get("off").get("placed").asLong()).isEqualTo(placed[1]);
            assertThat(arms.get("off").get("paid").asLong()).isEqualTo(paid[1]);
            assertThat(placed[0]).isPositive();
            assertThat(placed[1]).isPositive();
            assertThat(http.adminGet("/api/admin/flags")
                            .json()
                            .get(0)
                            .get("key")
                            .asText())
                    .isEqualTo("new-look");
            assertThat(http.adminGet("/api/admin/audit").body()).contains("flag.put");
        }
    }

    @Test
    void theSameBuyerStaysInTheSameArmAcrossARestart() {
        java.nio.file.Path dir = io.kamishop.testing.ScratchDirs.create("kamishop-flags");
        Map<String, Boolean> before = new java.util.HashMap<>();
        long product;
        try (TestStore store = TestStore.builder().dataDir(dir).start()) {
            product = store.createProduct("Gift card", 1000, "CNY");
            store.importKeys(product, List.of("K1"));
            assertThat(store.http()
                            .adminPutJson("/api/admin/flags/sandbox-beta", flag(50, "sandbox"))
                            .status())
                    .isEqualTo(200);
            for (int i = 0; i < 10; i++) {
                before.put(
                        "d" + i, channels(quote(store.http(), product, "d" + i)).contains("sandbox"));
            }
        }
        try (TestStore again = TestStore.builder().dataDir(dir).start()) {
            for (int i = 0; i < 10; i++) {
                assertThat(channels(quote(again.http(), product, "d" + i)).contains("sandbox"))
                        .isEqualTo(before.get("d" + i));
            }
        }
        assertThat(before.containsValue(true)).isTrue();
        assertThat(before.containsValue(false)).isTrue();
    }

    @Test
    void badInputIsA4xxThatChangesNothing() {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            assertThat(http.adminPutJson("/api/admin/flags/beta", flag(10, null))
                            .status())
                    .isEqualTo(200);
            String before = http.adminGet("/api/admin/flags/beta").body();

            Http.Answer tooMuch = http.adminPutJson("/api/admin/flags/beta", flag(150, null));
            assertThat(tooMuch.status()).isEqualTo(422);
            assertThat(tooMuch.errorCode()).isEqualTo("invalid_flag");
            assertThat(http.adminPutJson("/api/admin/flags/beta", flag(12.345, null))
                            .status())
                    .isEqualTo(422);
            assertThat(http.adminPutJson("/api/admin/flags/beta", flag("ten", null))
                            .status())
                    .isEqualTo(422);
            assertThat(http.adminPutJson("/api/admin/flags/beta", flag(10, "Not A Channel!"))
                            .status())
                    .isEqualTo(422);
            Map<String, Object> badTargets = flag(10, null);
            badTargets.put("targets", Map.of("allow", Map.of("emails", List.of("not an e-mail"))));
            assertThat(http.adminPutJson("/api/admin/flags/beta", badTargets).status())
                    .isEqualTo(422);
            Map<String, Object> unknown = flag(10, null);
            unknown.put("colour", "red");
            assertThat(http.adminPutJson("/api/admin/flags/beta", unknown).status())
                    .isEqualTo(422);
            assertThat(http.adminPutJson("/api/admin/flags/Bad%20Key", flag(10, null))
                            .status())
                    .isEqualTo(422);
            Http.Answer malformed = http.send(
                    HttpRequest.newBuilder(http.uri("/api/admin/flags/beta"))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{nope")),
                    true);
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(http.adminGet("/api/admin/flags/beta").body()).isEqualTo(before);

            assertThat(http.adminPutJson("/api/admin/flags/other", flag(10, "sandbox"))
                            .status())
                    .isEqualTo(200);
            Http.Answer twice = http.adminPutJson("/api/admin/flags/beta", flag(10, "sandbox"));
            assertThat(twice.status()).isEqualTo(422);
            assertThat(http.adminGet("/api/admin/flags/beta").body()).isEqualTo(before);

            Http.Answer missing = http.send(
                    HttpRequest.newBuilder(http.uri("/api/admin/flags/none")).DELETE(), true);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(http.get("/api/admin/flags").status()).isEqualTo(401);
            Http.Answer deleted = http.send(
                    HttpRequest.newBuilder(http.uri("/api/admin/flags/beta")).DELETE(), true);
            assertThat(deleted.status()).isEqualTo(204);
            assertThat(http.adminGet("/api/admin/flags/beta").status()).isEqualTo(404);
        }
    }
}
