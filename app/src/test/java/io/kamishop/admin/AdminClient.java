package io.kamishop.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without JavaScript for admin tests: keeps the session cookie, posts forms, reads the CSRF token. */
public final class AdminClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]+)\"");
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String session;

    public AdminClient(String base) {
        this.base = base;
    }

    public record Page(int status, String body, HttpResponse<String> response) {
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public List<String> headers(String name) {
            return response.headers().allValues(name);
        }
    }

    public AdminClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Page postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a form whose fields may repeat (a group of checkboxes sends one pair per ticked box). */
    public Page postPairs(String path, List<Map.Entry<String, String>> fields) {
        String body = fields.stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a form with the CSRF token of the page at {@code formPage}, as a browser submitting that page would. */
    public Page submit(String formPage, String action, Map<String, String> fields) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", csrfFrom(get(formPage).body()));
        return postForm(action, withToken);
    }

    public Page signIn(String username, String password) {
        return postForm("/admin/login", Map.of("username", username, "password", password));
    }

    public Page send(HttpRequest.Builder builder) {
        headers.forEach(builder::header);
        if (session != null) {
            builder.header("Cookie", AdminWeb.SESSION_COOKIE + "=" + session);
        }
        try {
            HttpResponse<String> response = client.send(
                    builder.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                if (cookie.startsWith(AdminWeb.SESSION_COOKIE + "=")) {
                    String value = cookie.substring(AdminWeb.SESSION_COOKIE.length() + 1)
                            .split(";", 2)[0];
                    session = value.isEmpty() ? null : value;
                }
            }
            return new Page(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String session() {
        return session;
    }

    public static String csrfFrom(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the page: " + html.substring(0, Math.min(500, html.length())));
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
