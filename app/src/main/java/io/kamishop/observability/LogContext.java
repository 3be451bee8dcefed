package io.kamishop.observability;

import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The correlation ids every log line about an order carries (through SLF4J's MDC): the order
 * number, the payment channel and the HTTP request id. Set where the order becomes known, cleared
 * on the way out, and carried to the threads that do the work for a caller.
 */
public final class LogContext {

    public static final String ORDER_NO = "orderNo";
    public static final String PAYMENT_CHANNEL = "paymentChannel";
    public static final String REQUEST_ID = "requestId";

    private LogContext() {}

    /** Puts the order (and its channel, when known) in the MDC until the returned scope is closed. */
    public static Scope order(String orderNo, String channel) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        put(ORDER_NO, orderNo);
        put(PAYMENT_CHANNEL, channel);
        return () -> restore(before);
    }

    /**
     * Wraps work another thread will run for the calling one (the group-commit thread) so that it
     * logs with the caller's MDC and continues the caller's trace.
     */
    public static <T, R> Function<T, R> carry(Function<T, R> work) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Context trace = Context.current();
        return t -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            restore(mdc);
            try (var ignored = trace.makeCurrent()) {
                return work.apply(t);
            } finally {
                restore(before);
            }
        };
    }

    /** Like {@link #carry(Function)}, for an action that runs after the caller's commit. */
    public static Runnable carry(Runnable action) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Context trace = Context.current();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            restore(mdc);
            try (var ignored = trace.makeCurrent()) {
                action.run();
            } finally {
                restore(before);
            }
        };
    }

    private static void put(String key, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(key, value);
        }
    }

    private static void restore(@Nullable Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }

    /** Closes without a checked exception. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
