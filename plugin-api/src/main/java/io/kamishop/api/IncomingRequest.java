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
 * @param preferredLanguage the language the store speaks to this buyer, decided by the host exactly as
 *     for its own pages: the buyer's choice in the storefront's language switcher, else the browser's
 *     {@code Accept-Language}, among the languages the merchant offers, else the store's default. Today
 *     English ({@code en-US}) or Simplified Chinese ({@code zh-CN}); compare its
 *     {@link Locale#getLanguage() language} ({@code "en"}, {@code "zh"}) rather than the whole locale, so
 *     a language added later falls back to your default. For a gateway's notification (no buyer reads
 *     the answer) it is only the header's choice. Never {@code null}. Since 1.5.0.
 */
public record IncomingRequest(
        String method,
        String path,
        Map<String, List<String>> headers,
        Map<String, List<String>> params,
        byte[] body,
        String clientIp,
        Locale preferredLanguage) {

    public IncomingRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        params = params == null ? Map.of() : Map.copyOf(params);
        body = body == null ? new byte[0] : body;
        preferredLanguage = preferredLanguage == null ? languageOf(headers) : preferredLanguage;
    }

    /**
     * A request without the host's language decision (a plugin's own tests, a request a plugin builds
     * itself): {@link #preferredLanguage()} is read from the {@code Accept-Language} header alone.
     */
    public IncomingRequest(
            String method,
            String path,
            Map<String, List<String>> headers,
            Map<String, List<String>> params,
            byte[] body,
            String clientIp) {
        this(method, path, headers, params, body, clientIp, null);
    }

    /**
     * The browser's first choice by weight between Chinese and English ({@code Accept-Language}, with
     * the weights of RFC 9110), English when it names neither or the header is malformed. Any Chinese
     * range picks Simplified Chinese: for a reader of Traditional it is closer than English.
     */
    private static Locale languageOf(Map<String, List<String>> headers) {
        List<String> values = headers.get("accept-language");
        String header = values == null || values.isEmpty() ? "" : values.get(0);
        if (header == null || header.isBlank() || header.length() > 500) {
            return Locale.US;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                String tag = range.getRange().toLowerCase(Locale.ROOT);
                if (range.getWeight() <= 0 || tag.equals("*")) {
                    continue;
                }
                if (tag.equals("zh") || tag.startsWith("zh-")) {
                    return Locale.SIMPLIFIED_CHINESE;
                }
                if (tag.equals("en") || tag.startsWith("en-")) {
                    return Locale.US;
                }
            }
        } catch (IllegalArgumentException e) {
            // A malformed header is not the buyer's fault: English, as for no header at all.
        }
        return Locale.US;
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
