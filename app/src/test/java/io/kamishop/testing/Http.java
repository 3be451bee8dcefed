package io.kamishop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for tests against a real server on localhost. */
public final class Http {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String base;
    private final String adminToken;

    public Http(String base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    /** An answer: status, raw body, and the body as JSON when it is JSON. */
    public record Answer(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), false);
    }

    /**
     * Opens an order link ({@code /orders/{no}?token=...}) the way a browser does: the store hands the token over to
     * the order's cookie with a 303 to {@code /orders/{no}}, and this follows it carrying the cookie. Answers the page
     * landed on, or the first answer when it was no hand-off (a wrong token's 404, a 429). {@code headers} (name,
     * value pairs, e.g. Accept-Language) go with both requests, as does {@code Accept: text/html}.
     */
    public Answer openOrder(String orderLink, String... headers) {
        HttpRequest.Builder first = HttpRequest.newBuilder(uri(orderLink)).GET().header("Accept", "text/html");
        if (headers.length > 0) {
            first.headers(headers);
        }
        Answer handOff = send(first, false);
        String location = handOff.header("Location");
        String cookie = handOff.header("Set-Cookie");
        if (handOff.status() != 303 || location == null || cookie == null) {
            return handOff;
        }
        HttpRequest.Builder landed = HttpRequest.newBuilder(uri(location))
                .GET()
                .header("Accept", "text/html")
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')));
        if (headers.length > 0) {
            landed.headers(headers);
        }
        return send(landed, false);
    }

    /** The {@code name=value} of the order cookie an order link's hand-off set, for a request of one's own. */
    public String orderCookie(String orderLink) {
        String cookie = get(orderLink).header("Set-Cookie");
        if (cookie == null) {
            throw new AssertionError("no order cookie was set for " + orderLink);
        }
        return cookie.substring(0, cookie.indexOf(';'));
    }

    public Answer adminGet(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), true);
    }

    public Answer postJson(String path, Object body) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(toJson(body))),
                false);
    }

    public Answer adminPostJson(String path, Object body) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(toJson(body))),
                true);
    }

    public Answer adminPutJson(String path, Object body) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))),
                true);
    }

    public Answer adminPostText(String path, String text) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)),
                true);
    }

    public Answer adminPost(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), true);
    }

    /** A raw POST: exact body bytes and headers, as a gateway sends them. */
    public Answer postRaw(String path, byte[] body, String... headers) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder, false);
    }

    public Answer send(HttpRequest.Builder builder, boolean admin) {
        if (admin) {
            builder.header("Authorization", "Bearer " + adminToken);
        }
        try {
            HttpResponse<String> response = client.send(
                    builder.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(
                    response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public static String toJson(Object body) {
        try {
            return body instanceof String s ? s : MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
