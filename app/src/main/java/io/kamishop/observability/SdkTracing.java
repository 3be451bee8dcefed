package io.kamishop.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The OpenTelemetry SDK, in a class of its own so that its classes are loaded only when tracing is
 * switched on (a store without tracing pays neither the class loading nor the exporter thread).
 */
final class SdkTracing {

    /** Turns the traces URL into the span processor; tests swap in an in-memory exporter. */
    static volatile Function<String, SpanProcessor> processors = SdkTracing::otlp;

    private SdkTracing() {}

    static AutoCloseable start(String endpoint, String serviceName) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .addSpanProcessor(processors.apply(endpoint))
                .build();
        Tracing.install(provider.get(Tracing.INSTRUMENTATION));
        return () -> {
            Tracing.uninstall();
            provider.shutdown().join(10, TimeUnit.SECONDS); // flushes the spans still queued
        };
    }

    private static SpanProcessor otlp(String endpoint) {
        // Batched on the SDK's own thread: a slow collector never holds up a payment.
        return BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build())
                .build();
    }
}
