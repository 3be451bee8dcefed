package io.kamishop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.testing.Http;
import io.kamishop.testing.ProcessTest;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log an operator ships: with {@code KAMISHOP_LOG_FORMAT=json} every log line is one JSON
 * object, and the lines about an order carry its number in the MDC whichever thread wrote them
 * (the delivery happens on the group-commit thread, not the request's), so one filter on
 * {@code mdc.orderNo} tells an order's story. The server runs in its own process, as deployed.
 */
@ProcessTest
class StructuredLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLogLineForADeliveryCarriesTheOrderNumber(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        String orderNo;
        try (ServerProcess server =
                ServerProcess.start(dir.resolve("data"), log, Map.of("KAMISHOP_LOG_FORMAT", "json"))) {
            Http http = server.http();
            assertThat(http.adminPost("/api/admin/plugins/payment-sandbox/enable")
                            .status())
                    .isEqualTo(200);
            long product = http.adminPostJson(
                            "/api/admin/products", Map.of("name", "Key", "price", 700, "currency", "EUR"))
                    .json()
                    .get("id")
                    .asLong();
            assertThat(http.adminPostText("/api/admin/products/" + product + "/keys", "LOG-KEY-1\nLOG-KEY-2")
                            .status())
                    .isEqualTo(200);
            JsonNode order = http.postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    1,
                                    "email",
                                    "log@example.com",
                                    "channel",
                                    "sandbox"))
                    .json();
            orderNo = order.get("orderNo").asText();
            byte[] body = ("{\"orderNo\":\"" + orderNo + "\",\"amount\":"
                            + order.get("amount").asLong() + ",\"tradeNo\":\"LOG-TRADE\"}")
                    .getBytes(StandardCharsets.UTF_8);
            Http.Answer paid = http.postRaw(
                    "/api/payments/sandbox/notify",
                    body,
                    "X-Sandbox-Signature",
                    TestStore.sandboxSignature(body),
                    "Content-Type",
                    "application/json",
                    "X-Request-Id",
                    "gateway-call-42");
            assertThat(paid.status()).as(paid.body()).isEqualTo(200);
            assertThat(paid.header("X-Request-Id")).isEqualTo("gateway-call-42");
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line)); // throws if a line is not one whole JSON object
            }
        }
        assertThat(lines).as("JSON log lines").isNotEmpty();
        JsonNode delivered = lines.stream()
                .filter(l -> l.path("formattedMessage").asText().contains("-> delivered"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no delivery line in " + lines));
        assertThat(delivered.path("level").asText()).isEqualTo("INFO");
        assertThat(delivered.path("mdc").path("orderNo").asText()).isEqualTo(orderNo);
        assertThat(delivered.path("mdc").path("paymentChannel").asText()).isEqualTo("sandbox");
        assertThat(delivered.path("mdc").path("requestId").asText())
                .as("the delivery line is written on the group-commit thread, for the gateway's request")
                .isEqualTo("gateway-call-42");
        assertThat(delivered.path("threadName").asText()).isNotBlank();
    }
}
