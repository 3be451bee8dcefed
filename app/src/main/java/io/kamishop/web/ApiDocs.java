package io.kamishop.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI description at {@code /api/openapi.json}, built from the routes the server actually
 * registered and a one-line summary per route kept in {@code openapi/routes.txt}. Built from the
 * routes, it cannot list an endpoint that does not exist; a test fails when a route has no summary.
 */
public final class ApiDocs {

    /** A registered route: upper-case method and Javalin path. */
    public record Route(String method, String path) {
        public String key() {
            return method + " " + path;
        }
    }

    private static final Pattern PARAM = Pattern.compile("[{<]([A-Za-z0-9_]+)[}>]");

    private ApiDocs() {}

    /** Summaries by {@code "METHOD /path"}, from the resource file. */
    public static Map<String, String> summaries() {
        Map<String, String> summaries = new LinkedHashMap<>();
        try (InputStream in = ApiDocs.class.getResourceAsStream("/openapi/routes.txt")) {
            if (in == null) {
                return summaries;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int bar = line.indexOf('|');
                if (line.isBlank() || line.startsWith("#") || bar < 0) {
                    continue;
                }
                summaries.put(
                        line.substring(0, bar).trim(), line.substring(bar + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return summaries;
    }

    /** Whether a route belongs in the API description (JSON API, health and metrics; not HTML pages). */
    public static boolean documented(Route route) {
        return route.path().startsWith("/api/")
                || route.path().equals("/healthz")
                || route.path().equals("/metrics");
    }

    public static Map<String, Object> openApi(List<Route> routes, String version) {
        Map<String, String> summaries = summaries();
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Route route : routes) {
            if (!documented(route)) {
                continue;
            }
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("summary", summaries.getOrDefault(route.key(), ""));
            operation.put("tags", List.of(route.path().startsWith("/api/admin") ? "admin" : "public"));
            List<Map<String, Object>> parameters = new java.util.ArrayList<>();
            Matcher m = PARAM.matcher(route.path());
            while (m.find()) {
                parameters.add(
                        Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
            }
            if (!parameters.isEmpty()) {
                operation.put("parameters", parameters);
            }
            if (route.path().startsWith("/api/admin") || route.path().equals("/metrics")) {
                operation.put("security", List.of(Map.of("bearerAuth", List.of())));
            }
            operation.put(
                    "responses",
                    Map.of(
                            "default",
                            Map.of(
                                    "description",
                                    "4xx errors answer {\"error\": {\"code\", \"message\"}}",
                                    "content",
                                    Map.of(
                                            "application/json",
                                            Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))))));
            paths.computeIfAbsent(PARAM.matcher(route.path()).replaceAll("{$1}"), p -> new TreeMap<>())
                    .put(route.method().toLowerCase(java.util.Locale.ROOT), operation);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put(
                "info",
                Map.of(
                        "title",
                        "Kamishop API",
                        "version",
                        version,
                        "description",
                        "The buyer, payment and admin API of a Kamishop store."));
        doc.put("paths", paths);
        doc.put(
                "components",
                Map.of(
                        "securitySchemes", Map.of("bearerAuth", Map.of("type", "http", "scheme", "bearer")),
                        "schemas",
                                Map.of(
                                        "Error",
                                        Map.of(
                                                "type",
                                                "object",
                                                "properties",
                                                Map.of(
                                                        "error",
                                                        Map.of(
                                                                "type",
                                                                "object",
                                                                "properties",
                                                                Map.of(
                                                                        "code",
                                                                        Map.of("type", "string"),
                                                                        "message",
                                                                        Map.of("type", "string"))))))));
        return doc;
    }
}
