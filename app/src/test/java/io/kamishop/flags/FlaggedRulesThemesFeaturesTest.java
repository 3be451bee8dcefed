package io.kamishop.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.domain.Audience;
import io.kamishop.domain.Requester;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import io.kamishop.web.ClientAddress;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Flags that gate a risk rule, a theme or a store feature, on a real store: each reaches only its "on" arm on
 * every door, the page cache never hands one arm's page to the other, and arms are counted as for channels.
 */
class FlaggedRulesThemesFeaturesTest {

    private static final String LOOPBACK = "127.0.0.1";

    private static Map<String, Object> flag(int rolloutPercent, String kind, String gated) {
        Map<String, Object> body = new HashMap<>();
        body.put("description", "an experiment");
        body.put("rolloutPercent", rolloutPercent);
        body.put(kind, gated);
        return body;
    }

    private static boolean on(String key, String device) {
        return new Flag(key, "", 5_000, FlagTargets.NONE, null, true, 0)
                        .armOf(Audience.of(new Requester(LOOPBACK, device, null, null)))
                == Arm.ON;
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

    private static String page(Http http, String path, String device) {
        Http.Answer answer = http.send(
                HttpRequest.newBuilder(http.uri(path))
                        .header(ClientAddress.DEVICE_HEADER, device)
                        .header("Accept", "text/html")
                        .GET(),
                false);
        assertThat(answer.status()).as(path + " " + device).isEqualTo(200);
        return answer.body();
    }

    @Test
    void aFlaggedRiskRuleBlocksOnlyOrdersInItsArm() {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            long product = store.createProduct("Gift card", 1000, "CNY");
            store.importKeys(
                    product, IntStream.range(0, 40).mapToObj(i -> "KEY-" + i).toList());
            assertThat(http.adminPutJson(
                                    "/api/admin/plugins/risk-basic/config",
                                    Map.of("mode", "enforce", "blockedEmails", List.of("*@spam.example")))
                            .status())
                    .isEqualTo(200);
            Http.Answer put = http.adminPutJson("/api/admin/flags/strict-mail", flag(50, "riskRule", "blocked-email"));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.json().get("riskRule").asText()).isEqualTo("blocked-email");

            int onSeen = 0;
            int offSeen = 0;
            for (int i = 0; i < 12; i++) {
                String device = "device-" + i;
                boolean on = on("strict-mail", device);
                onSeen += on ? 1 : 0;
                offSeen += on ? 0 : 1;
                Http.Answer placed = order(http, product, device, "buyer" + i + "@spam.example");
                assertThat(placed.status()).as(device + " " + placed.body()).isEqualTo(on ? 403 : 201);
                if (on) {
                    assertThat(placed.errorCode()).isEqualTo("risk_blocked");
                } else {
                    // Paid and delivered: the rule stays away from an order placed in the off arm at every stage.
                    JsonNode order = placed.json();
                    assertThat(store.notifySandbox(
                                            order.get("orderNo").asText(),
                                            order.get("amount").asLong(),
                                            "T-" + i)
                                    .status())
                            .isEqualTo(200);
                    JsonNode after = http.get(
                                    "/api/orders/" + order.get("orderNo").asText() + "?token="
                                            + order.get("lookupToken").asText())
                            .json();
                    assertThat(after.get("status").asText())
                            .as(after.toString())
                            .isEqualTo("delivered");
                }
                // A clean address is never blocked, whatever the arm.
                assertThat(order(http, product, device, "buyer" + i + "@example.com")
                                .status())
                        .isEqualTo(201);
            }
            assertThat(onSeen).isPositive();
            assertThat(offSeen).isPositive();
            JsonNode arms = http.adminGet("/api/admin/flags/strict-mail").json().get("arms");
            assertThat(arms.get("off").get("placed").asLong()).isEqualTo(2L * offSeen);
            assertThat(arms.get("off").get("paid").asLong()).isEqualTo(offSeen);
            // Refused orders were never placed: the on arm counts only its clean orders.
            assertThat(arms.get("on").get("placed").asLong()).isEqualTo(onSeen);

            // The same rule without the flag blocks everyone again.
            assertThat(http.send(
                                    HttpRequest.newBuilder(http.uri("/api/admin/flags/strict-mail"))
                                            .DELETE(),
                                    true)
                            .status())
                    .isEqualTo(204);
            for (int i = 0; i < 12; i++) {
                assertThat(order(http, product, "device-" + i, "again" + i + "@spam.example")
                                .status())
                        .isEqualTo(403);
            }
        }
    }

    @Test
    void aFlaggedThemeRendersOnlyToItsArmAndTheCacheNeverServesOneArmsPageToTheOther() {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            long product = store.createProduct("Gift card", 1000, "CNY");
            store.importKeys(product, List.of("K1", "K2"));
            Http.Answer put = http.adminPutJson("/api/admin/flags/dark-look", flag(50, "theme", "example-dark"));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            int onSeen = 0;
            int offSeen = 0;
            // Three rounds over the same pages: the first fills the cache, the others are answered from it, and the
            // devices alternate so a page kept for one arm is asked for by the other right after.
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    String device = "device-" + i;
                    boolean on = on("dark-look", device);
                    if (round == 0) {
                        onSeen += on ? 1 : 0;
                        offSeen += on ? 0 : 1;
                    }
                    for (String path : List.of("/", "/products/" + product)) {
                        String html = page(http, path, device);
                        assertThat(html.contains("/assets/example-dark/"))
                                .as(path + " for " + device + " in round " + round)
                                .isEqualTo(on);
                        assertThat(html.contains("/assets/default/"))
                                .as(path + " for " + device + " in round " + round)
                                .isEqualTo(!on);
                    }
                }
            }
            assertThat(onSeen).isPositive();
            assertThat(offSeen).isPositive();

            // Orders placed in each arm are counted for the theme's flag too.
            String onDevice = IntStream.range(0, 10)
                    .mapToObj(i -> "device-" + i)
                    .filter(d -> on("dark-look", d))
                    .findFirst()
                    .orElseThrow();
            assertThat(order(http, product, onDevice, "dark@example.com").status())
                    .isEqualTo(201);
            JsonNode arms = http.adminGet("/api/admin/flags/dark-look").json().get("arms");
            assertThat(arms.get("on").get("placed").asLong()).isEqualTo(1);
            assertThat(arms.get("off").get("placed").asLong()).isZero();

            // Switched off: everyone, cached pages included, sees the store's theme again.
            Map<String, Object> off = flag(50, "theme", "example-dark");
            off.put("enabled", false);
            assertThat(http.adminPutJson("/api/admin/flags/dark-look", off).status())
                    .isEqualTo(200);
            assertThat(page(http, "/", onDevice)).contains("/assets/default/").doesNotContain("/assets/example-dark/");
        }
    }

    @Test
    void aFlaggedStoreFeatureIsShownOnlyToItsArm() {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            long product = store.createProduct("Gift card", 1000, "CNY");
            // Three left: at or below the default threshold, so the "few left" mark is drawn where the feature is on.
            store.importKeys(product, List.of("K1", "K2", "K3"));
            String before = page(http, "/products/" + product, "anyone");
            assertThat(before).as("no flag: the feature is on for everyone").contains("class=\"few-left\"");

            Http.Answer put = http.adminPutJson("/api/admin/flags/scarcity", flag(50, "feature", "few-left-badge"));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            int onSeen = 0;
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 10; i++) {
                    String device = "device-" + i;
                    boolean on = on("scarcity", device);
                    onSeen += on && round == 0 ? 1 : 0;
                    assertThat(page(http, "/products/" + product, device).contains("class=\"few-left\""))
                            .as(device + " in round " + round)
                            .isEqualTo(on);
                    assertThat(page(http, "/", device).contains("class=\"few-left\""))
                            .as("the shelf for " + device)
                            .isEqualTo(on);
                }
            }
            assertThat(onSeen).isBetween(1, 9);
        }
    }

    @Test
    void aFlagGatingAnUnknownFeatureOrAThingAnotherFlagGatesIsRefusedAndNothingIsStored() {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            Http.Answer unknown = http.adminPutJson("/api/admin/flags/odd", flag(10, "feature", "teleport"));
            assertThat(unknown.status()).isEqualTo(422);
            assertThat(unknown.body()).contains("feature");
            Http.Answer badRule = http.adminPutJson("/api/admin/flags/odd", flag(10, "riskRule", "no spaces allowed"));
            assertThat(badRule.status()).isEqualTo(422);
            assertThat(http.adminPutJson("/api/admin/flags/first", flag(10, "theme", "example-dark"))
                            .status())
                    .isEqualTo(200);
            Http.Answer twice = http.adminPutJson("/api/admin/flags/second", flag(10, "theme", "example-dark"));
            assertThat(twice.status()).isEqualTo(422);
            assertThat(twice.body()).contains("already behind flag 'first'");
            assertThat(http.adminGet("/api/admin/flags/odd").status()).isEqualTo(404);
            assertThat(http.adminGet("/api/admin/flags/second").status()).isEqualTo(404);
        }
    }

    @Test
    void themeRuleAndFeatureArmsAreStableAndSplitTenThousandBuyersWithinTwoPercent() {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            assertThat(http.adminPutJson("/api/admin/flags/look", flag(30, "theme", "example-dark"))
                            .status())
                    .isEqualTo(200);
            assertThat(http.adminPutJson("/api/admin/flags/rule", flag(30, "riskRule", "blocked-email"))
                            .status())
                    .isEqualTo(200);
            assertThat(http.adminPutJson("/api/admin/flags/badge", flag(30, "feature", "few-left-badge"))
                            .status())
                    .isEqualTo(200);
            Flags flags = store.app().flags();
            int themed = 0;
            int ruled = 0;
            int featured = 0;
            for (int i = 0; i < 10_000; i++) {
                Audience who = Audience.of(new Requester(LOOPBACK, "buyer-" + i, null, null));
                String theme = flags.themeFor(who);
                boolean rule = flags.rulesFor(who).test("blocked-email");
                boolean feature = flags.enabled("few-left-badge", who);
                themed += theme != null ? 1 : 0;
                ruled += rule ? 1 : 0;
                featured += feature ? 1 : 0;
                // Asked again, the same answer (no randomness, nothing per call).
                assertThat(flags.themeFor(who)).isEqualTo(theme);
                assertThat(flags.rulesFor(who).test("blocked-email")).isEqualTo(rule);
                assertThat(flags.enabled("few-left-badge", who)).isEqualTo(feature);
                // A rule no flag gates applies to everyone.
                assertThat(flags.rulesFor(who).test("blocked-ip")).isTrue();
            }
            assertThat(themed).isBetween(2_800, 3_200);
            assertThat(ruled).isBetween(2_800, 3_200);
            assertThat(featured).isBetween(2_800, 3_200);
        }
    }
}
