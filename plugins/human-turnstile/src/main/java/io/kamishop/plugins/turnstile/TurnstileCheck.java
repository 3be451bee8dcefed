package io.kamishop.plugins.turnstile;

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
 * Cloudflare Turnstile (https://developers.cloudflare.com/turnstile/) as the store's human check. The widget
 * ({@code <div class="cf-turnstile" data-sitekey>} and {@code api.js}) posts its token in the form field
 * {@code cf-turnstile-response}; the token is checked with siteverify
 * (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/): a form POST of
 * {@code secret}, {@code response} and {@code remoteip}, answered {@code 200} with
 * {@code {"success": true|false, "error-codes": [...]}} either way. A token is good for one check and five minutes.
 */
@Extension
public class TurnstileCheck implements HumanCheck {

    static final String SITE_KEY = "siteKey";
    static final String SECRET_KEY = "secretKey";
    static final String VERIFY_URL = "verifyUrl";
    static final String SITEVERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";
    static final String SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js";
    static final String ORIGIN = "https://challenges.cloudflare.com";
    /** The buyer waits for this at checkout; past it the check is refused (the host never lets a slow vendor in). */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Turnstile's tokens are at most 2048 characters (server-side validation docs); a longer one is forged. */
    private static final int MAX_TOKEN = 2048;

    private final Duration timeout;
    private volatile PluginContext context;

    public TurnstileCheck() {
        this(TIMEOUT);
    }

    /** With another limit on the vendor's answer (a test's fake that never answers). */
    TurnstileCheck(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String id() {
        return "turnstile";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string(SITE_KEY, "Site key")
                        .asRequired()
                        .withPattern("[0-9A-Za-z_-]{8,100}")
                        .withHelp("Cloudflare dashboard → Turnstile → your widget: the public site key (0x4AAA...)."),
                SettingDefinition.secret(SECRET_KEY, "Secret key")
                        .asRequired()
                        .withPattern("[0-9A-Za-z_-]{8,100}")
                        .withHelp("The widget's secret key, used only by the store to ask Cloudflare."),
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
                List.of(ORIGIN),
                "<div class=\"cf-turnstile\" data-sitekey=\"" + SiteVerify.attribute(siteKey.get()) + "\"></div>",
                "cf-turnstile-response"));
    }

    @Override
    public Verdict verify(String token, String clientIp) throws IOException, InterruptedException {
        if (token.length() > MAX_TOKEN) {
            return Verdict.refused(List.of("invalid-input-response"));
        }
        return SiteVerify.ask(
                context,
                "Turnstile",
                context.settings().get(VERIFY_URL).orElse(SITEVERIFY),
                timeout,
                Map.of(
                        "secret",
                        context.settings().require(SECRET_KEY),
                        "response",
                        token,
                        "remoteip",
                        clientIp == null ? "" : clientIp));
    }
}
