package io.kamishop.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing of the notification → delivery path: on, a sandbox payment makes one trace (continuing
 * the gateway's traceparent) whose spans name the order; off, nothing is exported at all.
 */
class TracingTest {

    private static final String PARENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private Function<String, io.opentelemetry.sdk.trace.SpanProcessor> otlp;

    @BeforeEach
    void exportToMemory() {
        otlp = SdkTracing.processors;
        SdkTracing.processors = endpoint -> SimpleSpanProcessor.create(exporter);
    }

    @AfterEach
    void restore() {
        SdkTracing.processors = otlp;
    }

    @Test
    void sandboxPaymentMakesOneTraceFromNotificationToMailWithTheOrderNumber() {
        String orderNo;
        List<SpanData> finished;
        try (TestStore store = TestStore.builder().env("KAMISHOP_OTEL_ENDPOINT", "http://127.0.0.1:4318").start()) {
            orderNo = payOneOrder(store, "00-" + PARENT_TRACE + "-00f067aa0ba902b7-01");
            finished = exporter.getFinishedSpanItems(); // before close: shutting the exporter down empties it
        }
        Map<String, SpanData> spans = finished.stream()
                .filter(s -> s.getTraceId().equals(PARENT_TRACE))
                .collect(Collectors.toMap(SpanData::getName, s -> s, (a, b) -> a));
        assertThat(spans).containsKeys("POST /api/payments/{channel}/notify", "payment.verify", "notification.transaction",
                "delivery", "mail.enqueue");

        SpanData request = spans.get("POST /api/payments/{channel}/notify");
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getParentSpanId()).as("continues the gateway's traceparent").isEqualTo("00f067aa0ba902b7");
        assertThat(request.getAttributes().get(Tracing.ORDER_NO)).isEqualTo(orderNo);
        assertThat(request.getAttributes().get(Tracing.OUTCOME)).isEqualTo("accepted");
        SpanData verify = spans.get("payment.verify");
        assertThat(verify.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(verify.getAttributes().get(Tracing.PAYMENT_CHANNEL)).isEqualTo("sandbox");
        SpanData transaction = spans.get("notification.transaction");
        assertThat(transaction.getParentSpanId()).as("the group-commit thread continues the request's trace")
                .isEqualTo(request.getSpanId());
        assertThat(transaction.getAttributes().get(Tracing.ORDER_NO)).isEqualTo(orderNo);
        assertThat(transaction.getAttributes().get(Tracing.OUTCOME)).isEqualTo("delivered");
        SpanData delivery = spans.get("delivery");
        assertThat(delivery.getParentSpanId()).isEqualTo(transaction.getSpanId());
        assertThat(delivery.getAttributes().get(Tracing.ORDER_NO)).isEqualTo(orderNo);
        assertThat(delivery.getAttributes().get(Tracing.PAYMENT_CHANNEL)).isEqualTo("sandbox");
        assertThat(delivery.getAttributes().get(Tracing.OUTCOME)).isEqualTo("delivered");
        List<SpanData> mails = finished.stream()
                .filter(s -> s.getName().equals("mail.enqueue") && s.getParentSpanId().equals(delivery.getSpanId())).toList();
        assertThat(mails).as("the delivery queues its mail inside its own span").hasSize(1);
        assertThat(mails.get(0).getAttributes().get(Tracing.ORDER_NO)).isEqualTo(orderNo);
    }

    @Test
    void withTracingOffNothingIsExported() {
        try (TestStore store = TestStore.start()) {
            payOneOrder(store, "00-" + PARENT_TRACE + "-00f067aa0ba902b7-01");
            assertThat(exporter.getFinishedSpanItems()).isEmpty();
        }
    }

    @Test
    void spansReachAnOtlpCollectorOverHttp() throws Exception {
        SdkTracing.processors = otlp; // the real exporter this time
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + new String(body, StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String orderNo;
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_OTEL_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort()).start()) {
            orderNo = payOneOrder(store, null);
        } finally {
            collector.stop(0);
        }
        // Closing the store flushes the batch; the protobuf body holds the attribute values verbatim.
        assertThat(received).isNotEmpty();
        assertThat(received.get(0)).startsWith("POST /v1/traces application/x-protobuf");
        assertThat(String.join("", received)).contains(orderNo, "notification.transaction", "kamishop");
    }

    private static String payOneOrder(TestStore store, String traceparent) {
        long product = store.createProduct("Traced key", 900, "EUR");
        store.importKeys(product, List.of("TRACE-1", "TRACE-2"));
        JsonNode order = store.order(product, 1).json();
        String orderNo = order.get("orderNo").asText();
        byte[] body = ("{\"orderNo\":\"" + orderNo + "\",\"amount\":" + order.get("amount").asLong() + ",\"tradeNo\":\"T-" + orderNo + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Http.Answer answer = traceparent == null
                ? store.http().postRaw("/api/payments/sandbox/notify", body, "X-Sandbox-Signature", TestStore.sandboxSignature(body),
                        "Content-Type", "application/json")
                : store.http().postRaw("/api/payments/sandbox/notify", body, "X-Sandbox-Signature", TestStore.sandboxSignature(body),
                        "Content-Type", "application/json", "traceparent", traceparent);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return orderNo;
    }
}
