package io.kamishop.plugins.human;

import io.kamishop.api.HumanCheck.Verdict;
import io.kamishop.api.PluginContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The siteverify call hCaptcha (https://docs.hcaptcha.com/#verify-the-user-response-server-side) and Cloudflare
 * Turnstile (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/) share: a form POST of
 * the secret, the token and the buyer's address, answered {@code 200} with
 * {@code {"success": true|false, "error-codes": [...]}} either way. Anything else (another status, no JSON, no
 * {@code success}, a timeout) is an {@link IOException}: the host refuses the buyer then, never lets them in.
 */
public final class SiteVerify {

    private SiteVerify() {}

    /**
     * Asks {@code url} about a token through the host's guarded client.
     *
     * @param vendor the vendor's name, for the error text
     * @param fields the form fields, sent URL-encoded
     */
    public static Verdict ask(
            PluginContext context, String vendor, String url, Duration timeout, Map<String, String> fields)
            throws IOException, InterruptedException {
        Map<String, Object> answer = post(context, vendor, url, timeout, fields);
        if (!(answer.get("success") instanceof Boolean success)) {
            throw new IOException(vendor + " siteverify answered without \"success\"");
        }
        return success ? Verdict.passed() : Verdict.refused(errorCodes(answer.get("error-codes")));
    }

    /**
     * Posts {@code fields} URL-encoded to {@code url} through the host's guarded client and reads the JSON object
     * the vendor answers with. Every vendor answers {@code 200} with JSON, a refusal too; anything else (another
     * status, no JSON object, a timeout) is an {@link IOException}, which the host turns into a refusal.
     *
     * @param vendor the vendor's name, for the error text
     */
    public static Map<String, Object> post(
            PluginContext context, String vendor, String url, Duration timeout, Map<String, String> fields)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build();
        HttpResponse<String> response = context.http().send(request);
        if (response.statusCode() != 200) {
            throw new IOException(vendor + " answered HTTP " + response.statusCode());
        }
        try {
            return context.json().parseObject(response.body().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException(vendor + " answered something other than JSON", e);
        }
    }

    /** A widget attribute's value, escaped (the site key passed its pattern already; this keeps HTML safe anyway). */
    public static String attribute(String value) {
        return value.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    /** The vendor's error codes, only those shaped like one (they are shown to the merchant). */
    private static List<String> errorCodes(Object codes) {
        List<String> found = new ArrayList<>();
        if (codes instanceof List<?> list) {
            for (Object code : list) {
                if (code instanceof String text && text.matches("[a-z0-9-]{1,64}")) {
                    found.add(text);
                }
            }
        }
        return found;
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((name, value) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return out.toString();
    }
}
