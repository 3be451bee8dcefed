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
// Alone: it swaps the static SdkTracing.processors, and spans of stores other classes start meanwhile (tests run in
// parallel) were exported into, or taken out of, its in-memory exporter.
@org.junit.jupiter.api.parallel.Isolated
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
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_OTEL_ENDPOINT", "http://127.0.0.1:4318")
                .start()) {
            orderNo = payOneOrder(store, "00-" + PARENT_TRACE + "-00f067aa0ba902b7-01");
            finished = exporter.getFinishedSpanItems(); // before close: shutting the exporter down empties it
        }
        Map<String, SpanData> spans = finished.stream()
                .filter(s -> s.getTraceId().equals(PARENT_TRACE))
                .collect(Collectors.toMap(SpanData::getName, s -> s, (a, b) -> a));
        assertThat(spans)
                .containsKeys(
                        "POST /api/payments/{channel}/notify",
                        "payment.verify",
                        "notification.transaction",
                        "delivery",
                        "mail.enqueue");

        SpanData request = spans.get("POST /api/payments/{channel}/notify");
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getParentSpanId())
                .as("continues the gateway's traceparent")
                .isEqualTo("00f067aa0ba902b7");
        assertThat(request.getAttributes().get(Tracing.ORDER_NO)).isEqualTo(orderNo);
        assertThat(request.getAttributes().get(Tracing.OUTCOME)).isEqualTo("accepted");
        SpanData verify = spans.get("payment.verify");
        assertThat(verify.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(verify.getAttributes().get(Tracing.PAYMENT_CHANNEL)).isEqualTo("sandbox");
        SpanData transaction = spans.get("notification.transaction");
        assertThat(transaction.getParentSpanId())
                .as("the group-commit thread continues the request's trace")
                .isEqualTo(request.getSpanId());
        assertThat(transaction.getAttributes().get(Tracing.ORDER_NO)).isEqualTo(orderNo);
        assertThat(transaction.getAttributes().get(Tracing.OUTCOME)).isEqualTo("delivered");
        SpanData delivery = spans.get("delivery");
        assertThat(delivery.getParentSpanId()).isEqualTo(transaction.getSpanId());
        assertThat(delivery.getAttributes().get(Tracing.ORDER_NO)).isEqualTo(orderNo);
        assertThat(delivery.getAttributes().get(Tracing.PAYMENT_CHANNEL)).isEqualTo("sandbox");
        assertThat(delivery.getAttributes().get(Tracing.OUTCOME)).isEqualTo("delivered");
        List<SpanData> mails = finished.stream()
                .filter(s -> s.getName().equals("mail.enqueue")
                        && s.getParentSpanId().equals(delivery.getSpanId()))
                .toList();
        assertThat(mails).as("the delivery queues its mail inside its own span").hasSize(1);
        assertThat(mails.get(0).getAttributes().get(Tracing.ORDER_NO)).isEqualTo(orderNo);
    }

    @Test
    void theBuyersClickStartsTheTraceAndThePaymentLinksBackToIt() {
        String browserTrace = "0af7651916cd43dd8448eb211c80319c";
        String browserSpan = "b7ad6b7169203331";
        String traceparent = "00-" + browserTrace + "-" + browserSpan + "-01";
        List<SpanData> finished;
        String orderNo;
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_OTEL_ENDPOINT", "http://127.0.0.1:4318")
                .start()) {
            long product = store.createProduct("Clicked key", 700, "EUR");
            store.importKeys(product, List.of("CLICK-1"));
            Http.Answer placed = store.http()
                    .send(
                            java.net.http.HttpRequest.newBuilder(store.http().uri("/api/orders"))
                                    .header("Content-Type", "application/json")
                                    .header("traceparent", traceparent)
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.toJson(Map.of(
                                            "productId",
                                            product,
                                            "quantity",
                                            1,
                                            "email",
                                            "buyer@example.com",
                                            "channel",
                                            "sandbox")))),
                            false);
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            orderNo = placed.json().get("orderNo").asText();
            long amount = placed.json().get("amount").asLong();
            Http.Answer page = store.http()
                    .send(
                            java.net.http.HttpRequest.newBuilder(store.http()
                                            .uri("/api/orders/" + orderNo + "?token="
                                                    + placed.json()
                                                            .get("lookupToken")
                                                            .asText()))
                                    .header("traceparent", traceparent),
                            false);
            assertThat(page.status()).isEqualTo(200);
            assertThat(store.notifySandbox(orderNo, amount, "T-CLICK").status()).isEqualTo(200);
            finished = exporter.getFinishedSpanItems();
        }

        SpanData placement = finished.stream()
                .filter(s -> s.getName().equals("POST /api/orders"))
                .findFirst()
                .orElseThrow();
        assertThat(placement.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(placement.getTraceId()).as("the browser's trace goes on").isEqualTo(browserTrace);
        assertThat(placement.getParentSpanId()).isEqualTo(browserSpan);
        assertThat(placement.getAttributes().get(Tracing.ORDER_NO)).isEqualTo(orderNo);
        assertThat(placement.getAttributes().get(RequestTracing.STATUS)).isEqualTo(201L);
        assertThat(finished)
                .as("the order page the buyer polls is in the same trace")
                .anyMatch(s -> s.getName().equals("GET /api/orders/{orderNo}")
                        && s.getTraceId().equals(browserTrace));
        assertThat(finished.stream()
                        .filter(s -> s.getName().equals("GET /api/orders/{orderNo}"))
                        .flatMap(s -> s.getAttributes().asMap().values().stream())
                        .map(Object::toString))
                .as("the lookup token in the query is never recorded")
                .noneMatch(v -> v.contains("token"));

        SpanData paid = finished.stream()
                .filter(s -> s.getName().equals("notification.transaction"))
                .findFirst()
                .orElseThrow();
        assertThat(paid.getLinks())
                .as("the payment, on the gateway's request, links back to the Buy click")
                .anyMatch(link -> link.getSpanContext().getTraceId().equals(browserTrace)
                        && link.getSpanContext().getSpanId().equals(placement.getSpanId()));
        SpanData delivery = finished.stream()
                .filter(s -> s.getName().equals("delivery"))
                .findFirst()
                .orElseThrow();
        assertThat(delivery.getTraceId()).isEqualTo(paid.getTraceId());
    }

    @Test
    void gatewayCallsAreTimedPerChannelAndOperationAndPluginsAreListedOnMetrics() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Timed key", 300, "EUR");
            store.importKeys(product, List.of("TIMED-1"));
            Http.Answer placed = store.order(product, 1);
            assertThat(placed.status()).isEqualTo(201);

            String metrics = store.http().adminGet("/metrics").body();

            assertThat(metrics)
                    .containsPattern(
                            "kamishop_gateway_call_seconds_count\\{channel=\"sandbox\",operation=\"create_payment\",outcome=\"ok\"} 1(\\.0)?\n");
            assertThat(metrics).containsPattern("kamishop_gateway_call_seconds_bucket\\{channel=\"sandbox\"");
            assertThat(metrics)
                    .containsPattern(
                            "kamishop_plugin\\{plugin=\"payment-sandbox\",state=\"started\",version=\"[^\"]+\"} 1(\\.0)?\n");
        }
    }

    @Test
    void aGatewayCallIsASpanUnderTheRequestThatMadeIt() {
        List<SpanData> finished;
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_OTEL_ENDPOINT", "http://127.0.0.1:4318")
                .start()) {
            long product = store.createProduct("Spanned key", 300, "EUR");
            store.importKeys(product, List.of("SPAN-1"));
            assertThat(store.order(product, 1).status()).isEqualTo(201);
            finished = exporter.getFinishedSpanItems();
        }
        SpanData placement = finished.stream()
                .filter(s -> s.getName().equals("POST /api/orders"))
                .findFirst()
                .orElseThrow();
        SpanData call = finished.stream()
                .filter(s -> s.getName().equals("gateway.create_payment"))
                .findFirst()
                .orElseThrow();
        assertThat(call.getParentSpanId()).isEqualTo(placement.getSpanId());
        assertThat(call.getAttributes().get(Tracing.PAYMENT_CHANNEL)).isEqualTo("sandbox");
        assertThat(call.getAttributes().get(Tracing.OUTCOME)).isEqualTo("ok");
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
            received.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                            + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                            + new String(body, StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String orderNo;
        try (TestStore store = TestStore.builder()
                .env(
                        "KAMISHOP_OTEL_ENDPOINT",
                        "http://127.0.0.1:" + collector.getAddress().getPort())
                .start()) {
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
        byte[] body = ("{\"orderNo\":\"" + orderNo + "\",\"amount\":"
                        + order.get("amount").asLong() + ",\"tradeNo\":\"T-" + orderNo + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Http.Answer answer = traceparent == null
                ? store.http()
                        .postRaw(
                                "/api/payments/sandbox/notify",
                                body,
                                "X-Sandbox-Signature",
                                TestStore.sandboxSignature(body),
                                "Content-Type",
                                "application/json")
                : store.http()
                        .postRaw(
                                "/api/payments/sandbox/notify",
                                body,
                                "X-Sandbox-Signature",
                                TestStore.sandboxSignature(body),
                                "Content-Type",
                                "application/json",
                                "traceparent",
                                traceparent);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return orderNo;
    }
}
