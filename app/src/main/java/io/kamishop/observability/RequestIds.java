package io.kamishop.observability;

import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every HTTP request an id in the MDC (and the {@code X-Request-Id} response header), taking
 * the proxy's {@code X-Request-Id} when it sends a sane one, so a buyer's complaint, the proxy's
 * access log and our log lines can be matched. Jetty reuses threads: the MDC is cleared after.
 */
public final class RequestIds {

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {}

    public static void register(JavalinDefaultRoutingApi<?> routes) {
        routes.before(ctx -> {
            MDC.clear();
            String given = ctx.header("X-Request-Id");
            String id = given != null && SANE.matcher(given).matches() ? given : newId();
            MDC.put(LogContext.REQUEST_ID, id);
            ctx.header("X-Request-Id", id);
        });
        routes.after(ctx -> MDC.clear());
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
