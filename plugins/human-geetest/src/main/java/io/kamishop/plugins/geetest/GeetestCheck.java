package io.kamishop.plugins.geetest;

import io.kamishop.api.HumanCheck;
import io.kamishop.api.PluginContext;
import io.kamishop.api.SettingDefinition;
import io.kamishop.plugins.human.SiteVerify;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.pf4j.Extension;

/**
 * Geetest CAPTCHA v4 (极验 4.0, https://docs.geetest.com/BehaviorVerification/overview/start/) as the store's human
 * check. In the browser Geetest's {@code gt4.js} shows the captcha ({@code initGeetest4({captchaId, product})}) and,
 * once it is solved, {@code captcha.getValidate()} gives four values: {@code lot_number}, {@code captcha_output},
 * {@code pass_token} and {@code gen_time}. The store's form has one field for a human check's token, so this plugin's
 * glue script ({@code kamishop-web/geetest.js}, served by the store from its own origin) loads {@code gt4.js} and
 * writes the four as one compact JSON object into the field {@code geetest-response}.
 *
 * <p>On the server the four go, with {@code sign_token = hex(HMAC-SHA256(key = captcha key, message = lot_number))},
 * as a form POST to {@code https://gcaptcha4.geetest.com/validate?captcha_id=...}
 * (https://docs.geetest.com/BehaviorVerification/deploy/server/), answered {@code 200} with
 * {@code {"status": "success", "result": "success"|"fail", "reason": ...}}; a request Geetest could not take answers
 * {@code "status": "error"}. Geetest's own demos let the buyer in when that call fails, so a store keeps working
 * during an outage; this plugin refuses instead (an {@link IOException}), as every human check of the store does:
 * a store under attack must not open the door because the vendor is slow.
 */
@Extension
public class GeetestCheck implements HumanCheck {

    static final String CAPTCHA_ID = "captchaId";
    static final String CAPTCHA_KEY = "captchaKey";
    static final String PRODUCT = "product";
    static final String SCRIPT_URL = "scriptUrl";
    static final String VERIFY_URL = "verifyUrl";
    static final String VALIDATE = "https://gcaptcha4.geetest.com/validate";
    static final String GT4 = "https://static.geetest.com/v4/gt4.js";
    /**
     * gt4.js comes from the static origin and draws its puzzle from pictures there, in our page (not a frame of its
     * own); it asks the API origin for each challenge with a JSONP script.
     */
    static final List<String> ORIGINS = List.of("https://static.geetest.com", "https://gcaptcha4.geetest.com");
    /** The store serves this plugin's kamishop-web/ files here (PluginAssetRoutes). */
    static final String GLUE = "/plugin-assets/human-geetest/geetest.js";

    static final String FIELD = "geetest-response";
    /** The buyer waits for this at checkout; past it the check is refused (the host never lets a slow vendor in). */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** What Geetest's values look like (hex, digits, base64url-ish): printable, no spaces, bounded. */
    private static final String VALUE = "[0-9A-Za-z_=+/.-]{1,1024}";

    private static final List<String> TOKEN_FIELDS = List.of("lot_number", "captcha_output", "pass_token", "gen_time");

    private final Duration timeout;
    private volatile PluginContext context;

    public GeetestCheck() {
        this(TIMEOUT);
    }

    /** With another limit on the vendor's answer (a test's fake that never answers). */
    GeetestCheck(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String id() {
        return "geetest";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string(CAPTCHA_ID, "Captcha ID")
                        .asRequired()
                        .withPattern("[0-9A-Za-z]{16,64}")
                        .withHelp("Geetest dashboard → CAPTCHA v4 → your captcha: the public ID (32 hex characters)."),
                SettingDefinition.secret(CAPTCHA_KEY, "Captcha key")
                        .asRequired()
                        .withPattern("[0-9A-Za-z]{16,64}")
                        .withHelp(
                                "The captcha's private key, used only by the store to sign its questions to Geetest."),
                SettingDefinition.choice(PRODUCT, "Presentation", "float", List.of("float", "popup"))
                        .withHelp("float: the puzzle opens beside the button; popup: in a window over the page."),
                SettingDefinition.string(SCRIPT_URL, "Widget script address")
                        .withType(SettingDefinition.Type.URL)
                        .withDefault(GT4)
                        .withHelp("Leave as is. Its origin is allowed on the store's pages besides Geetest's own."),
                SettingDefinition.string(VERIFY_URL, "Validate address")
                        .withType(SettingDefinition.Type.URL)
                        .withDefault(VALIDATE)
                        .withHelp("Leave as is."));
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
    }

    @Override
    public Optional<Widget> widget() {
        Optional<String> captchaId = context.settings().get(CAPTCHA_ID).filter(k -> !k.isBlank());
        if (captchaId.isEmpty()
                || context.settings().get(CAPTCHA_KEY).filter(k -> !k.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        String script =
                context.settings().get(SCRIPT_URL).filter(s -> !s.isBlank()).orElse(GT4);
        String product = context.settings()
                .get(PRODUCT)
                .filter(p -> p.equals("float") || p.equals("popup"))
                .orElse("float");
        Set<String> origins = new LinkedHashSet<>();
        origin(script).ifPresent(origins::add);
        origins.addAll(ORIGINS);
        return Optional.of(new Widget(
                GLUE,
                List.copyOf(origins),
                "<div class=\"geetest-captcha\" data-captcha-id=\"" + SiteVerify.attribute(captchaId.get())
                        + "\" data-product=\"" + product + "\" data-script=\"" + SiteVerify.attribute(script)
                        + "\" data-field=\"" + FIELD + "\"></div><input type=\"hidden\" name=\"" + FIELD
                        + "\" value=\"\">",
                FIELD));
    }

    @Override
    public Verdict verify(String token, String clientIp) throws IOException, InterruptedException {
        Optional<Map<String, String>> values = values(token);
        if (values.isEmpty()) {
            // The buyer's browser sent something that is not the glue's JSON: theirs to fix, not Geetest's to judge.
            return Verdict.refused(List.of("invalid-input-response"));
        }
        String captchaId = context.settings().require(CAPTCHA_ID);
        Map<String, String> fields = new LinkedHashMap<>(values.get());
        fields.put("sign_token", signToken(context.settings().require(CAPTCHA_KEY), fields.get("lot_number")));
        String url =
                context.settings().get(VERIFY_URL).filter(u -> !u.isBlank()).orElse(VALIDATE);
        Map<String, Object> answer = SiteVerify.post(
                context,
                "Geetest",
                url + (url.contains("?") ? "&" : "?") + "captcha_id="
                        + URLEncoder.encode(captchaId, StandardCharsets.UTF_8),
                timeout,
                fields);
        Object result = answer.get("result");
        if ("success".equals(result)) {
            return Verdict.passed();
        }
        if ("fail".equals(result)) {
            return Verdict.refused(List.of(reason(answer.get("reason"))));
        }
        // "status": "error" (a wrong captcha_id, a missing field) or an answer without a result.
        throw new IOException("Geetest answered without a result (status " + answer.get("status") + ", code "
                + answer.get("code") + ")");
    }

    /**
     * Geetest's {@code sign_token}: the lowercase hex HMAC-SHA256 of {@code lotNumber} under the captcha key, which
     * proves to Geetest that the question comes from the key's owner.
     */
    static String signToken(String captchaKey, String lotNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(captchaKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(lotNumber.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The glue's JSON object with the four values, each shaped as Geetest makes them; empty when it is not that. */
    private Optional<Map<String, String>> values(String token) {
        Map<String, Object> parsed;
        try {
            parsed = context.json().parseObject(token.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : TOKEN_FIELDS) {
            if (!(parsed.get(field) instanceof String value) || !value.matches(VALUE)) {
                return Optional.empty();
            }
            values.put(field, value);
        }
        return Optional.of(values);
    }

    /** Geetest's reason ("pass_token expire") as an error code the store shows: lower case, dashes, bounded. */
    private static String reason(Object reason) {
        String text = reason instanceof String s ? s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") : "";
        text = text.replaceAll("^-+|-+$", "");
        if (text.length() > 64) {
            text = text.substring(0, 64);
        }
        return text.isEmpty() ? "fail" : text;
    }

    /** The scheme, host and port of an https address (the only kind the store's policy takes), if it is one. */
    private static Optional<String> origin(String url) {
        try {
            URI uri = URI.create(url);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of("https://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
