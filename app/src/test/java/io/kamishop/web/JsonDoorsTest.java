package io.kamishop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin doors that read JSON with {@link JsonBody#readOptional} (deliver, refund) or {@link JsonBody#read}
 * (pricing) answer a bad body as every other JSON door does: the same 400 or 415 in the contract's error
 * shape, and nothing changes. Only where every field is optional does a missing body mean the defaults.
 */
class JsonDoorsTest {

    private static final List<byte[]> MALFORMED = List.of(
            bytes("{"),
            bytes("[1]"),
            bytes("\"text\""),
            bytes("{} {}"),
            bytes("{\"reason\": \"a\", \"reason\": \"b\"}"),
            bytes("{\"reason\": \"a\\u0000\"}"),
            bytes("   "),
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});

    @Test
    void aMalformedBodyIsTheSame400AtTheDeliverRefundAndPricingDoorsAndChangesNothing() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Account top-up", "manual", Map.of());
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 1000, "doors-1").status()).isEqualTo(200);
            JsonNode pricingBefore = store.http()
                    .adminGet("/api/admin/products/" + product + "/pricing")
                    .json();

            for (String door :
                    List.of("/api/admin/orders/" + orderNo + "/deliver", "/api/admin/orders/" + orderNo + "/refund")) {
                for (byte[] body : MALFORMED) {
                    Http.Answer answer = send(store, "POST", door, body, "application/json");
                    assertThat(answer.status())
                            .as(door + " " + new String(body, StandardCharsets.UTF_8))
                            .isEqualTo(400);
                    assertThat(answer.errorCode()).isEqualTo("malformed_json");
                    assertThat(answer.json().at("/error/message").asText()).isNotBlank();
                }
                Http.Answer latin1 = send(store, "POST", door, bytes("{}"), "application/json; charset=iso-8859-1");
                assertThat(latin1.status()).isEqualTo(415);
                assertThat(latin1.errorCode()).isEqualTo("unsupported_charset");
            }
            String pricing = "/api/admin/products/" + product + "/pricing";
            for (byte[] body : MALFORMED) {
                Http.Answer answer = send(store, "PUT", pricing, body, "application/json");
                assertThat(answer.status())
                        .as(new String(body, StandardCharsets.UTF_8))
                        .isEqualTo(400);
                assertThat(answer.errorCode()).isEqualTo("malformed_json");
            }
            // A PUT replaces the rules: no body is not "the defaults" there.
            assertThat(send(store, "PUT", pricing, new byte[0], "application/json")
                            .errorCode())
                    .isEqualTo("malformed_json");

            assertThat(store.http()
                            .adminPostJson("/api/admin/orders/" + orderNo + "/deliver", Map.of("text", 5))
                            .errorCode())
                    .isEqualTo("wrong_type");
            assertThat(store.http()
                            .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("amount", "all"))
                            .errorCode())
                    .isEqualTo("wrong_type");
            assertThat(store.http()
                            .adminPutJson(pricing, Map.of("minQuantity", "two"))
                            .errorCode())
                    .isEqualTo("wrong_type");
            assertThat(store.http()
                            .adminPutJson(pricing, Map.of("tiers", "cheap"))
                            .errorCode())
                    .isEqualTo("wrong_type");

            JsonNode order =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(order.get("status").asText()).isEqualTo("paid");
            assertThat(store.http().adminGet(pricing).json()).isEqualTo(pricingBefore);
        }
    }

    @Test
    void noBodyAtAllMeansTheDefaultsWhereEveryFieldIsOptional() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, List.of("K1"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "doors-2");

            Http.Answer refunded = send(store, "POST", "/api/admin/orders/" + orderNo + "/refund", new byte[0], null);

            assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
            assertThat(refunded.json().get("amount").asLong())
                    .as("the whole order, the default")
                    .isEqualTo(1000);
            assertThat(refunded.json().get("tradeNo").asText()).isEqualTo("doors-2");
            // Deliver with no body retries a delivery; an unknown order is a 404, not a malformed body.
            Http.Answer unknown = send(store, "POST", "/api/admin/orders/nope/deliver", new byte[0], null);
            assertThat(unknown.status()).isEqualTo(404);
        }
    }

    private static Http.Answer send(TestStore store, String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(store.http().uri(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return store.http().send(request, true);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
