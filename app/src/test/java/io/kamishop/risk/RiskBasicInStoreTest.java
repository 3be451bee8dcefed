package io.kamishop.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bundled risk-basic rules, driven through the public API of a real store. */
class RiskBasicInStoreTest {

    private final MutableClock clock = MutableClock.now();
    private TestStore store;
    private Http http;
    private long product;

    @BeforeEach
    void start() {
        store = TestStore.builder().clock(clock).start();
        http = store.http();
        product = store.createProduct("Game key", 990, "CNY");
        store.importKeys(
                product, IntStream.rangeClosed(1, 10).mapToObj(i -> "KEY-" + i).toList());
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private void configure(Map<String, Object> values) {
        Http.Answer answer = http.adminPutJson("/api/admin/plugins/risk-basic/config", values);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private Http.Answer order(String email, int quantity) {
        return http.postJson(
                "/api/orders",
                Map.of("productId", product, "quantity", quantity, "email", email, "channel", "sandbox"));
    }

    private JsonNode decisions() {
        Http.Answer answer = http.adminGet("/api/admin/risk/decisions?limit=100");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private JsonNode rule(String id) {
        for (JsonNode rule : http.adminGet("/api/admin/risk/rules").json()) {
            if (rule.get("id").asText().equals(id)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + id);
    }

    private JsonNode pay(JsonNode placed) {
        String orderNo = placed.get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, placed.get("amount").asLong(), "T-" + orderNo)
                        .status())
                .isEqualTo(200);
        return http.get("/api/orders/" + orderNo + "?token="
                        + placed.get("lookupToken").asText())
                .json();
    }

    @Test
    void riskBasicIsBundledAsARiskRulePlugin() {
        JsonNode plugin = http.adminGet("/api/admin/plugins/risk-basic").json();
        assertThat(plugin.get("state").asText()).isEqualTo("started");
        assertThat(plugin.get("extensions").toString()).contains("RiskRule");
        JsonNode schema =
                http.adminGet("/api/admin/plugins/risk-basic/config").json().get("schema");
        List<String> keys = new ArrayList<>();
        schema.forEach(s -> keys.add(s.get("key").asText()));
        assertThat(keys)
                .contains(
                        "mode",
                        "maxOrdersPerIpPerHour",
                        "maxOrdersPerEmailPerHour",
                        "maxQuantityPerOrder",
                        "blockedEmails",
                        "blockedIps",
                        "maxPendingOrdersPerIp",
                        "disposableEmails",
                        "enforcePercent");
    }

    @Test
    void outOfTheBoxNothingIsBlocked() {
        assertThat(order("buyer@example.com", 3).status()).isEqualTo(201);
    }

    @Test
    void blockedOrderIsRefusedWithoutNamingTheRuleAndReservesNothing() {
        configure(Map.of("mode", "enforce", "maxQuantityPerOrder", 2));

        Http.Answer refused = order("buyer@example.com", 3);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("risk_blocked");
        assertThat(refused.body()).doesNotContain("max-quantity").doesNotContain("limit");
        JsonNode stock = store.stock(product);
        assertThat(stock.get("available").asLong()).isEqualTo(10);
        assertThat(stock.get("reserved").asLong()).isZero();
        assertThat(http.adminGet("/api/admin/orders").json()).isEmpty();
        JsonNode decision = decisions().get(0);
        assertThat(decision.get("decision").asText()).isEqualTo("block");
        assertThat(decision.get("shadow").asBoolean()).isFalse();
        assertThat(decision.has("orderNo")).isFalse();
        assertThat(decision.get("ip").asText()).isNotBlank();
        assertThat(decision.get("reasons").get(0).asText()).isEqualTo("3 units in one order; the limit is 2");
        assertThat(order("buyer@example.com", 2).status()).isEqualTo(201);
    }

    @Test
    void shadowModeBlocksNothingAndSaysWhatWouldHaveHappened() {
        configure(Map.of("mode", "shadow", "blockedEmails", List.of("*@spam.example")));

        Http.Answer placed = order("bot@spam.example", 1);

        assertThat(placed.status()).isEqualTo(201);
        JsonNode decision = decisions().get(0);
        assertThat(decision.get("orderNo").asText())
                .isEqualTo(placed.json().get("orderNo").asText());
        assertThat(decision.get("rule").asText()).isEqualTo("blocked-email");
        assertThat(decision.get("decision").asText()).isEqualTo("block");
        assertThat(decision.get("shadow").asBoolean()).isTrue();
        assertThat(decision.get("reasons").get(0).asText()).contains("bot@spam.example", "*@spam.example");
        assertThat(pay(placed.json()).get("status").asText()).isEqualTo("delivered");
        JsonNode stats = rule("blocked-email");
        assertThat(stats.get("wouldHaveBlocked").asLong()).isEqualTo(1);
        assertThat(stats.get("blocked").asLong()).isZero();
    }

    @Test
    void enforceModeBlocksWhatShadowModeOnlyRecorded() {
        configure(Map.of("mode", "shadow", "blockedEmails", "*@spam.example"));
        assertThat(order("bot@spam.example", 1).status()).isEqualTo(201);
        configure(Map.of("mode", "enforce"));
        assertThat(order("bot@spam.example", 1).status()).isEqualTo(403);
        assertThat(order("someone@example.com", 1).status()).isEqualTo(201);

        JsonNode stats = rule("blocked-email");
        assertThat(stats.get("blocked").asLong()).isEqualTo(1);
        assertThat(stats.get("wouldHaveBlocked").asLong()).isEqualTo(1);
        assertThat(stats.get("enforcedPercent").asInt()).isEqualTo(100);
    }

    @Test
    void blockedIpRangeIsRefused() {
        configure(Map.of("mode", "enforce", "blockedIps", List.of("198.51.100.0/24", "127.0.0.0/8", "::1")));
        Http.Answer refused = order("buyer@example.com", 1);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(decisions().get(0).get("rule").asText()).isEqualTo("blocked-ip");
        configure(Map.of("blockedIps", "198.51.100.0/24"));
        assertThat(order("buyer@example.com", 1).status()).isEqualTo(201);
    }

    @Test
    void ordersPerIpPerHourAreLimitedAndTheWindowSlides() {
        configure(Map.of("mode", "enforce", "maxOrdersPerIpPerHour", 2));
        assertThat(order("a@example.com", 1).status()).isEqualTo(201);
        assertThat(order("b@example.com", 1).status()).isEqualTo(201);
        assertThat(order("c@example.com", 1).status()).isEqualTo(403);
        assertThat(decisions().get(0).get("reasons").get(0).asText()).contains("order 3 from IP", "the limit is 2");

        clock.advance(Duration.ofMinutes(61));
        assertThat(order("c@example.com", 1).status()).isEqualTo(201);
    }

    @Test
    void ordersPerEmailPerHourAreLimitedCaseInsensitively() {
        configure(Map.of("mode", "enforce", "maxOrdersPerEmailPerHour", 1));
        assertThat(order("Same@Example.com", 1).status()).isEqualTo(201);
        assertThat(order("same@example.com", 1).status()).isEqualTo(403);
        assertThat(order("other@example.com", 1).status()).isEqualTo(201);
    }

    @Test
    void unpaidOrdersPerIpAreLimitedToStopHoarding() {
        configure(Map.of("mode", "enforce", "maxPendingOrdersPerIp", 2));
        JsonNode first = order("a@example.com", 1).json();
        assertThat(order("b@example.com", 1).status()).isEqualTo(201);
        Http.Answer hoarding = order("c@example.com", 1);
        assertThat(hoarding.status()).isEqualTo(403);
        assertThat(store.stock(product).get("reserved").asLong()).isEqualTo(2);

        pay(first); // paid: no longer holds stock unpaid
        assertThat(order("c@example.com", 1).status()).isEqualTo(201);
    }

    @Test
    void pendingCountsSurviveARestart() throws Exception {
        configure(Map.of("mode", "enforce", "maxPendingOrdersPerIp", 1, "maxOrdersPerIpPerHour", 5));
        assertThat(order("a@example.com", 1).status()).isEqualTo(201);
        store.close();
        store = TestStore.builder().clock(clock).dataDir(store.dataDir()).start();
        http = store.http();
        assertThat(order("b@example.com", 1).status()).isEqualTo(403);
        assertThat(find(decisions(), "pending-per-ip", "block")
                        .get("reasons")
                        .get(0)
                        .asText())
                .contains("already holds 1 unpaid order(s)");
    }

    @Test
    void reviewHoldsDeliveryUntilTheMerchantApproves() {
        configure(
                Map.of("mode", "enforce", "disposableEmails", "review", "disposableEmailDomains", "throwaway.example"));
        JsonNode placed = order("who@throwaway.example", 2).json();
        String orderNo = placed.get("orderNo").asText();

        JsonNode paid = pay(placed);

        assertThat(paid.get("status").asText()).isEqualTo("paid");
        assertThat(paid.has("keys")).isFalse();
        assertThat(store.stock(product).get("reserved").asLong()).isEqualTo(2);
        JsonNode review =
                http.adminGet("/api/admin/risk/reviews?status=open").json().get(0);
        assertThat(review.get("orderNo").asText()).isEqualTo(orderNo);
        assertThat(review.get("reasons").get(0).asText()).contains("throwaway.example is a disposable-mail service");
        JsonNode decision = decisions().get(0);
        assertThat(decision.get("decision").asText()).isEqualTo("review");
        assertThat(decision.get("orderNo").asText()).isEqualTo(orderNo);

        Http.Answer approved = http.adminPost("/api/admin/orders/" + orderNo + "/approve");

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("delivered");
        JsonNode delivered = http.get("/api/orders/" + orderNo + "?token="
                        + placed.get("lookupToken").asText())
                .json();
        assertThat(delivered.get("keys")).hasSize(2);
        assertThat(store.stock(product).get("sold").asLong()).isEqualTo(2);
        assertThat(http.adminPost("/api/admin/orders/" + orderNo + "/approve").status())
                .isEqualTo(409);
    }

    @Test
    void anApprovedManualOrderWaitsForTheMerchantAndIsNotDeliveredByHandWhileUnderReview() {
        configure(
                Map.of("mode", "enforce", "disposableEmails", "review", "disposableEmailDomains", "throwaway.example"));
        long manual = store.createProduct("By hand", "manual", Map.of());
        JsonNode placed = http.postJson(
                        "/api/orders",
                        Map.of(
                                "productId",
                                manual,
                                "quantity",
                                1,
                                "email",
                                "who@throwaway.example",
                                "channel",
                                "sandbox"))
                .json();
        String orderNo = placed.get("orderNo").asText();
        assertThat(pay(placed).get("status").asText()).isEqualTo("paid");

        Http.Answer early =
                http.adminPostJson("/api/admin/orders/" + orderNo + "/deliver", Map.of("text", "here you go"));
        Http.Answer approved = http.adminPost("/api/admin/orders/" + orderNo + "/approve");
        Http.Answer delivered =
                http.adminPostJson("/api/admin/orders/" + orderNo + "/deliver", Map.of("text", "here you go"));

        assertThat(early.status()).isEqualTo(409);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("paid");
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
        assertThat(delivered.json().get("status").asText()).isEqualTo("delivered");
    }

    @Test
    void rejectingAPaidOrderUnderReviewReturnsItsKeysToStock() {
        configure(Map.of("mode", "enforce", "disposableEmails", "review"));
        JsonNode placed = order("x@mailinator.com", 3).json();
        String orderNo = placed.get("orderNo").asText();
        assertThat(pay(placed).get("status").asText()).isEqualTo("paid");

        Http.Answer rejected = http.adminPost("/api/admin/orders/" + orderNo + "/reject");

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("status").asText()).isEqualTo("refund_pending");
        JsonNode stock = store.stock(product);
        assertThat(stock.get("available").asLong()).isEqualTo(10);
        assertThat(stock.get("reserved").asLong()).isZero();
        assertThat(stock.get("sold").asLong()).isZero();
        JsonNode seen = http.get("/api/orders/" + orderNo + "?token="
                        + placed.get("lookupToken").asText())
                .json();
        assertThat(seen.has("keys")).isFalse();
        assertThat(http.adminPost("/api/admin/orders/" + orderNo + "/approve").status())
                .isEqualTo(409);
    }

    @Test
    void approvingBeforePaymentLetsThePaymentDeliver() {
        configure(Map.of("mode", "enforce", "disposableEmails", "review"));
        JsonNode placed = order("x@yopmail.com", 1).json();
        assertThat(http.adminPost("/api/admin/orders/" + placed.get("orderNo").asText() + "/approve")
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("pending");
        assertThat(pay(placed).get("status").asText()).isEqualTo("delivered");
    }

    @Test
    void anEmailBlockedAfterOrderingIsHeldBeforeDelivery() {
        JsonNode placed = order("late@spam.example", 1).json();
        configure(Map.of("mode", "enforce", "blockedEmails", "spam.example"));

        JsonNode paid = pay(placed);

        assertThat(paid.get("status").asText()).isEqualTo("paid");
        assertThat(paid.has("keys")).isFalse();
        JsonNode decision = decisions().get(0);
        assertThat(decision.get("stage").asText()).isEqualTo("before_delivery");
        assertThat(decision.get("decision").asText()).isEqualTo("block");
    }

    @Test
    void anEmailBlockedAfterOrderingCannotStartPaymentAndFreesItsStock() {
        JsonNode placed = order("late@spam.example", 2).json();
        assertThat(store.stock(product).get("reserved").asLong()).isEqualTo(2);
        configure(Map.of("mode", "enforce", "blockedEmails", "*@spam.example"));
        String orderNo = placed.get("orderNo").asText();
        String token = placed.get("lookupToken").asText();

        Http.Answer payment = http.postJson("/api/orders/" + orderNo + "/payment?token=" + token, Map.of());

        assertThat(payment.status()).isEqualTo(200);
        assertThat(payment.json().get("status").asText()).isEqualTo("refused");
        assertThat(payment.body()).doesNotContain("blocked-email").doesNotContain("spam.example");
        assertThat(http.get("/api/orders/" + orderNo + "?token=" + token)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("cancelled");
        assertThat(store.stock(product).get("available").asLong()).isEqualTo(10);
        assertThat(find(decisions(), "blocked-email", "block").get("stage").asText())
                .isEqualTo("before_payment");
    }

    @Test
    void approvingAnOrderThatIsNotUnderReviewIsAConflict() {
        JsonNode placed = order("buyer@example.com", 1).json();
        Http.Answer answer =
                http.adminPost("/api/admin/orders/" + placed.get("orderNo").asText() + "/approve");
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo("not_under_review");
        assertThat(http.adminPost("/api/admin/orders/nope/reject").status()).isEqualTo(404);
    }

    @Test
    void decisionsAreListedNewestFirstWithReasons() {
        configure(Map.of("mode", "enforce", "maxQuantityPerOrder", 1, "blockedEmails", "*@spam.example"));
        order("a@example.com", 2);
        clock.advance(Duration.ofSeconds(1));
        order("b@spam.example", 1);
        clock.advance(Duration.ofSeconds(1));
        String third = order("c@example.com", 1).json().get("orderNo").asText();

        JsonNode list = http.adminGet("/api/admin/risk/decisions?limit=10").json();

        assertThat(list.size()).isGreaterThanOrEqualTo(4);
        List<Instant> times = new ArrayList<>();
        list.forEach(d -> times.add(Instant.parse(d.get("at").asText())));
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(list.get(0).get("orderNo").asText()).isEqualTo(third);
        assertThat(list.get(0).get("decision").asText()).isEqualTo("allow");
        JsonNode spam = find(list, "blocked-email", "block");
        assertThat(spam.get("reasons").get(0).asText())
                .isEqualTo("email b@spam.example matches the blocked pattern *@spam.example");
        JsonNode bulk = find(list, "max-quantity", "block");
        assertThat(bulk.get("reasons").get(0).asText()).isEqualTo("2 units in one order; the limit is 1");
        assertThat(http.adminGet("/api/admin/risk/decisions?limit=1").json()).hasSize(1);
        assertThat(http.adminGet("/api/admin/risk/decisions?limit=0").status()).isEqualTo(400);
        assertThat(http.get("/api/admin/risk/decisions").status()).isEqualTo(401);
    }

    @Test
    void invalidSettingsAreRefusedAndChangeNothing() {
        Http.Answer answer = http.adminPutJson(
                "/api/admin/plugins/risk-basic/config",
                Map.of("mode", "sometimes", "maxQuantityPerOrder", -1, "blockedIps", List.of("not an ip")));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("error").get("fields").fieldNames())
                .toIterable()
                .contains("mode", "maxQuantityPerOrder", "blockedIps");
        assertThat(order("buyer@example.com", 5).status()).isEqualTo(201);
    }

    private static JsonNode find(JsonNode list, String rule, String decision) {
        for (JsonNode d : list) {
            if (d.get("rule").asText().equals(rule)
                    && d.get("decision").asText().equals(decision)) {
                return d;
            }
        }
        throw new AssertionError("no " + decision + " by " + rule + " in " + list);
    }
}
