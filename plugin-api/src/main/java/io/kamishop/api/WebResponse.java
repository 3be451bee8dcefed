package io.kamishop.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP answer a plugin gives: a status, a content type, a body, and extra headers.
 * The host adds its security headers; HTML bodies must escape what they echo.
 */
public record WebResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public WebResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static WebResponse html(String html) {
        return new WebResponse(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static WebResponse text(int status, String text) {
        return new WebResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A 303 redirect, the right answer to a form POST. */
    public static WebResponse redirect(String location) {
        return new WebResponse(303, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location));
    }
}
