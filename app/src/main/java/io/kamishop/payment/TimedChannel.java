package io.kamishop.payment;

import io.kamishop.api.PaymentChannel;
import io.kamishop.observability.Tracing;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;

/**
 * A payment channel whose calls out to its gateway (create a payment, query, refund, close) are
 * timed per channel and operation and traced as spans; every other method passes straight through.
 * A proxy rather than a hand-written delegate, so a method added to {@link PaymentChannel} later is
 * forwarded too instead of silently falling back to the interface's default.
 */
final class TimedChannel {

    /** Gateway calls by method name, with the operation name they are measured under. */
    private static final Map<String, String> OPERATIONS =
            Map.of("createPayment", "create_payment", "queryStatus", "query", "refund", "refund", "close", "close");

    private TimedChannel() {}

    static PaymentChannel wrap(PaymentChannel channel, GatewayTimings timings) {
        return (PaymentChannel) Proxy.newProxyInstance(
                PaymentChannel.class.getClassLoader(), new Class<?>[] {PaymentChannel.class}, (proxy, method, args) -> {
                    String operation =
                            method.getDeclaringClass() == Object.class ? null : OPERATIONS.get(method.getName());
                    if (operation == null) {
                        return invoke(channel, method, args);
                    }
                    String id = channel.id();
                    long started = System.nanoTime();
                    String outcome = "error";
                    try (Tracing.Traced span =
                            Tracing.span("gateway." + operation, () -> Tracing.order(null, id), "error")) {
                        Object result = invoke(channel, method, args);
                        outcome = "ok";
                        span.outcome(outcome);
                        return result;
                    } catch (io.kamishop.api.PaymentException e) {
                        outcome = "refused";
                        throw e;
                    } finally {
                        timings.record(id, operation, outcome, Duration.ofNanos(System.nanoTime() - started));
                    }
                });
    }

    private static Object invoke(PaymentChannel channel, java.lang.reflect.Method method, Object[] args)
            throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> args[0] == channel || channel.equals(args[0]);
                case "hashCode" -> channel.hashCode();
                default -> channel.toString();
            };
        }
        try {
            return method.invoke(channel, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
