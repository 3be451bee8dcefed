package io.kamishop.plugins.hcaptcha;

import io.kamishop.api.HumanCheck;
import io.kamishop.api.PluginContext;
import io.kamishop.api.SettingDefinition;
import io.kamishop.plugins.human.SiteVerify;
import java.io.IOException;
import java.time.Duration;
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
                "<div class=\"h-captcha\" data-sitekey=\"" + SiteVerify.attribute(siteKey.get()) + "\"></div>",
                "h-captcha-response"));
    }

    @Override
    public Verdict verify(String token, String clientIp) throws IOException, InterruptedException {
        if (token.length() > MAX_TOKEN) {
            return Verdict.refused(List.of("invalid-input-response"));
        }
        return SiteVerify.ask(
                context,
                "hCaptcha",
                context.settings().get(VERIFY_URL).orElse(SITEVERIFY),
                timeout,
                Map.of(
                        "secret",
                        context.settings().require(SECRET_KEY),
                        "response",
                        token,
                        "remoteip",
                        clientIp == null ? "" : clientIp,
                        "sitekey",
                        context.settings().require(SITE_KEY)));
    }
}
