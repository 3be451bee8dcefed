package io.kamishop.observability;

import io.kamishop.domain.Refusal;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry spans from the buyer's click to the delivery, off by default: every storefront, order
 * and checkout request (continuing the browser's {@code traceparent}), the notification → delivery
 * path (continuing the gateway's), linked to the order's placement, and the calls to gateways.
 *
 * <p>Off, every call here is one volatile read and runs the work as it is: no SDK class is loaded
 * and nothing is allocated for tracing. On ({@code KAMISHOP_OTEL_ENDPOINT}, or the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} / {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}), {@link SdkTracing}
 * builds the SDK with an OTLP/HTTP exporter. The tracer is held here, like SLF4J's logger factory,
 * so the services that open spans need no new constructor argument.
 */
public final class Tracing {

    public static final AttributeKey<String> ORDER_NO = AttributeKey.stringKey("order.no");
    public static final AttributeKey<String> PAYMENT_CHANNEL = AttributeKey.stringKey("payment.channel");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    static final String INSTRUMENTATION = "io.kamishop";

    private static final TextMapGetter<Map<String, List<String>>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, List<String>> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, List<String>> carrier, String key) {
            List<String> values = carrier == null ? null : carrier.get(key.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    };

    private static volatile Tracer tracer = OpenTelemetry.noop().getTracer(INSTRUMENTATION);
    private static volatile boolean enabled;

    private Tracing() {}

    /**
     * Starts tracing if the configuration asks for it; the returned handle flushes and stops it.
     * Off, it returns a handle that does nothing. The store's own setting ({@code KAMISHOP_OTEL_ENDPOINT},
     * read by the caller so this package stays below the configuration) wins over the OTel variables.
     */
    public static AutoCloseable start(Optional<String> storeEndpoint) {
        Optional<String> endpoint = endpoint(storeEndpoint);
        if (endpoint.isEmpty() || "true".equalsIgnoreCase(System.getenv("OTEL_SDK_DISABLED"))) {
            return () -> {};
        }
        String service = Optional.ofNullable(System.getenv("OTEL_SERVICE_NAME"))
                .filter(s -> !s.isBlank())
                .orElse("kamishop");
        return SdkTracing.start(endpoint.get(), service);
    }

    /** The OTLP/HTTP traces URL, if tracing is configured. */
    static Optional<String> endpoint(Optional<String> storeEndpoint) {
        Optional<String> base = storeEndpoint.or(() -> Optional.ofNullable(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
                .filter(s -> !s.isBlank()));
        Optional<String> traces =
                base.map(url -> url.endsWith("/v1/traces") ? url : url.replaceAll("/+$", "") + "/v1/traces");
        return Optional.ofNullable(System.getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
                .filter(s -> !s.isBlank())
                .or(() -> traces);
    }

    static void install(Tracer sdkTracer) {
        tracer = sdkTracer;
        enabled = true;
    }

    static void uninstall() {
        enabled = false;
        tracer = OpenTelemetry.noop().getTracer(INSTRUMENTATION);
    }

    /** The attributes that name an order; null values are left out. */
    public static Attributes order(@Nullable String orderNo, @Nullable String channel) {
        AttributesBuilder attributes = Attributes.builder();
        if (orderNo != null) {
            attributes.put(ORDER_NO, orderNo);
        }
        if (channel != null) {
            attributes.put(PAYMENT_CHANNEL, channel);
        }
        return attributes.build();
    }

    /** Runs {@code work} in a child span of the current one; a String result is its outcome. */
    public static <T> T inSpan(String name, Supplier<Attributes> attributes, Supplier<T> work) {
        return inSpan(name, attributes, work, result -> result instanceof String outcome ? outcome : null);
    }

    /** Runs {@code work} in a child span of the current one, recording {@code outcomeOf(result)}. */
    public static <T> T inSpan(
            String name, Supplier<Attributes> attributes, Supplier<T> work, Function<T, String> outcomeOf) {
        if (!enabled) {
            return work.get();
        }
        Span span = tracer.spanBuilder(name).setAllAttributes(attributes.get()).startSpan();
        return runIn(span, work, outcomeOf);
    }

    /**
     * Runs the handling of an incoming request in a server span that continues the caller's trace
     * when it sends a W3C {@code traceparent} header (header names in lower case).
     */
    public static <T> T serverSpan(
            String name,
            Map<String, List<String>> headers,
            Supplier<Attributes> attributes,
            Supplier<T> work,
            Function<T, String> outcomeOf) {
        if (!enabled) {
            return work.get();
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
        Span span = tracer.spanBuilder(name)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAllAttributes(attributes.get())
                .startSpan();
        return runIn(span, work, outcomeOf);
    }

    /**
     * Opens a server span for a request whose handling spans several handlers (a before and an after
     * filter), continuing the caller's W3C {@code traceparent}; closing it ends it. Off, nothing.
     */
    @SuppressWarnings("MustBeClosedChecker") // the scope is handed to Traced, whose close() closes it
    public static Traced requestSpan(String name, Map<String, List<String>> headers, Supplier<Attributes> attributes) {
        if (!enabled) {
            return Traced.NONE;
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
        Span span = tracer.spanBuilder(name)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAllAttributes(attributes.get())
                .startSpan();
        return new Traced(span, span.makeCurrent());
    }

    /** Whether spans are recorded; off, callers skip the work of preparing what a span would carry. */
    public static boolean enabled() {
        return enabled;
    }

    /** The W3C {@code traceparent} of the current span, when tracing is on and a span is open. */
    public static Optional<String> currentTraceparent() {
        if (!enabled || !Span.current().getSpanContext().isValid()) {
            return Optional.empty();
        }
        var context = Span.current().getSpanContext();
        return Optional.of("00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                + context.getTraceFlags().asHex());
    }

    /**
     * Links the current span to the span that {@code traceparent} names: a later step of the same
     * story that arrived on another request (the gateway's callback for the order the buyer placed).
     */
    public static void linkTo(@Nullable String traceparent) {
        if (!enabled || traceparent == null) {
            return;
        }
        Map<String, List<String>> carrier = Map.of("traceparent", List.of(traceparent));
        var linked = Span.fromContext(W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, HEADERS))
                .getSpanContext();
        if (linked.isValid()) {
            Span.current().addLink(linked, Attributes.of(AttributeKey.stringKey("kamishop.link"), "order placed"));
        }
    }

    /**
     * Opens a child span of the current one for a block that cannot be a lambda (it throws a
     * checked exception): {@code try (Traced span = Tracing.span(...)) { ...; span.outcome(...); }}.
     * Its outcome is {@code failedOutcome} unless the block sets another before it ends.
     */
    @SuppressWarnings("MustBeClosedChecker") // the scope is handed to Traced, whose close() closes it
    public static Traced span(String name, Supplier<Attributes> attributes, String failedOutcome) {
        if (!enabled) {
            return Traced.NONE;
        }
        Span span = tracer.spanBuilder(name)
                .setAllAttributes(attributes.get())
                .setAttribute(OUTCOME, failedOutcome)
                .startSpan();
        return new Traced(span, span.makeCurrent());
    }

    /** A span open around a block; closing it ends it. */
    public static final class Traced implements AutoCloseable {
        static final Traced NONE = new Traced(Span.getInvalid(), null);
        private final Span span;
        /** Null for {@link #NONE}, which has nothing to end. */
        private final @Nullable Scope scope;

        private Traced(Span span, @Nullable Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        public void outcome(String outcome) {
            span.setAttribute(OUTCOME, outcome);
        }

        /** Adds an attribute learnt while the span is open (a response status). */
        public void attribute(AttributeKey<Long> key, long value) {
            span.setAttribute(key, value);
        }

        @Override
        public void close() {
            if (scope != null) {
                scope.close();
                span.end();
            }
        }
    }

    /** Adds an attribute to the current span, once it is known (the order number after verification). */
    public static void annotate(AttributeKey<String> key, @Nullable String value) {
        if (enabled && value != null) {
            Span.current().setAttribute(key, value);
        }
    }

    private static <T> T runIn(Span span, Supplier<T> work, Function<T, String> outcomeOf) {
        try (Scope ignored = span.makeCurrent()) {
            T result = work.get();
            String outcome = outcomeOf.apply(result);
            if (outcome != null) {
                span.setAttribute(OUTCOME, outcome);
            }
            return result;
        } catch (RuntimeException | Error e) {
            span.setAttribute(OUTCOME, e instanceof Refusal refused ? refused.code() : "error");
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
