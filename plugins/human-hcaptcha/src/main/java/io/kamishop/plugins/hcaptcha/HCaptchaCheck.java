package io.kamishop.plugins.hcaptcha;

import io.kamishop.api.HumanCheck;
import io.kamishop.api.PluginContext;
import io.kamishop.api.SettingDefinition;
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
import java.util.Optional;
import org.pf4j.Extension;

/**
 * hCaptcha (https://docs.hcaptcha.com/) as the store's human check. The widget ({@code <div class="h-captcha"
 * data-sitekey>} and {@code https://js.hcaptcha.com/1/api.js}) posts its token in the form field
 * {@code h-captcha-response}; the token is checked with siteverify (https://docs.hcaptcha.com/#verify-the-user-response-server-side):
 * a form POST of {@code secret}, {@code response}, {@code remoteip} and {@code sitekey} to
 * {@code https://api.hcaptcha.com/siteverify}, answered with {@code {"success": true|false, "error-codes": [...]}}.
 * A token is good for one check. hCaptcha's CSP advice names {@code https://hcaptcha.com} and
 * {@code https://*.hcaptcha.com} for scripts, frames, styles and connections.
 */
@Extension
public class HCaptchaCheck implements HumanCheck {

    static final String SITE_KEY = "siteKey";
    static final String SECRET_KEY = "secretKey";
    static final String VERIFY_URL = "verifyUrl";
    static final String SITEVERIFY = "https://api.hcaptcha.com/siteverify";
    static final String SCRIPT = "https://js.hcaptcha.com/1/api.js";
    static final List<String> ORIGINS = List.of("https://hcaptcha.com", "https://*.hcaptcha.com");
    /** The buyer waits for this at checkout; past it the check is refused (the host never lets a slow vendor in). */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** hCaptcha's tokens are a few kilobytes; anything longer is not one of them. */
    private static final int MAX_TOKEN = 8192;

    private final Duration timeout;
    private volatile PluginContext context;

    public HCaptchaCheck() {
        this(TIMEOUT);
    }

    /** With another limit on the vendor's answer (a test's fake that never answers). */
    HCaptchaCheck(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String id() {
        return "hcaptcha";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string(SITE_KEY, "Site key")
                        .asRequired()
                        .withPattern("[0-9A-Fa-f-]{36}")
                        .withHelp(
                                "hCaptcha dashboard → Sites: the site key (a UUID such as 10000000-ffff-ffff-ffff-000000000001)."),
                SettingDefinition.secret(SECRET_KEY, "Secret key")
                        .asRequired()
                        .withPattern("[0-9A-Za-z_x-]{8,100}")
                        .withHelp("Your account's secret key (Settings), used only by the store to ask hCaptcha."),
                SettingDefinition.string(VERIFY_URL, "Siteverify address")
                        .withType(SettingDefinition.Type.URL)
                        .withDefault(SITEVERIFY)
                        .withHelp("Leave as is."));
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
    }

    @Override
    public Optional<Widget> widget() {
        Optional<String> siteKey = context.settings().get(SITE_KEY).filter(k -> !k.isBlank());
        if (siteKey.isEmpty()
                || context.settings().get(SECRET_KEY).filter(k -> !k.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Widget(
                SCRIPT,
                ORIGINS,
                "<div class=\"h-captcha\" data-sitekey=\"" + attribute(siteKey.get()) + "\"></div>",
                "h-captcha-response"));
    }

    @Override
    public Verdict verify(String token, String clientIp) throws IOException, InterruptedException {
        if (token.length() > MAX_TOKEN) {
            return Verdict.refused(List.of("invalid-input-response"));
        }
        String form = form(Map.of(
                "secret",
                context.settings().require(SECRET_KEY),
                "response",
                token,
                "remoteip",
                clientIp == null ? "" : clientIp,
                "sitekey",
                context.settings().require(SITE_KEY)));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(context.settings().get(VERIFY_URL).orElse(SITEVERIFY)))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = context.http().send(request);
        if (response.statusCode() != 200) {
            throw new IOException("hCaptcha siteverify answered HTTP " + response.statusCode());
        }
        Map<String, Object> answer;
        try {
            answer = context.json().parseObject(response.body().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException("hCaptcha siteverify answered something other than JSON", e);
        }
        if (!(answer.get("success") instanceof Boolean success)) {
            throw new IOException("hCaptcha siteverify answered without \"success\"");
        }
        return success ? Verdict.passed() : Verdict.refused(errorCodes(answer.get("error-codes")));
    }

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

    /** The site key passed its pattern already; escaping anyway keeps the HTML safe if the pattern ever widens. */
    private static String attribute(String value) {
        return value.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
