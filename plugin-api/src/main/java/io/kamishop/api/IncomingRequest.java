package io.kamishop.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as a plugin sees it: the raw body bytes (signatures are computed over them, so
 * they are never re-encoded), headers with lower-case names, and query or form parameters.
 *
 * @param method  upper-case HTTP method
 * @param path    the part of the path after the channel's prefix, {@code ""} for the prefix itself
 * @param headers header values by lower-case name
 * @param params  query parameters, plus form fields when the body is {@code application/x-www-form-urlencoded}
 * @param body    the exact bytes received
 * @param clientIp the buyer's or gateway's address, as the host resolved it behind trusted proxies
 */
public record IncomingRequest(
        String method,
        String path,
        Map<String, List<String>> headers,
        Map<String, List<String>> params,
        byte[] body,
        String clientIp) {

    public IncomingRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        params = params == null ? Map.of() : Map.copyOf(params);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of a parameter. */
    public Optional<String> param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
