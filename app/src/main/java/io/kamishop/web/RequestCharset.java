package io.kamishop.web;

import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A request whose {@code Content-Type} names a charset this JVM does not know is refused with 415
 * before any handler reads it: decoding its body would otherwise throw deep inside the server, a 500.
 */
public final class RequestCharset {

    private RequestCharset() {}

    public static void register(JavalinDefaultRoutingApi<?> routes) {
        routes.before(ctx -> {
            String charset = declared(ctx.contentType());
            if (charset != null && !known(charset)) {
                throw new io.kamishop.domain.Refusal(
                        io.kamishop.domain.Refusal.Kind.UNSUPPORTED_MEDIA,
                        "unsupported_charset",
                        "the request's charset is not supported; send UTF-8");
            }
        });
    }

    /** The {@code charset} parameter of a Content-Type, unquoted; {@code null} when there is none. */
    public static @Nullable String declared(@Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String value = p.substring("charset=".length()).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    private static boolean known(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}
