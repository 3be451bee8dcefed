package io.kamishop.api;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A "are you human?" widget of a third party (Cloudflare Turnstile, hCaptcha, Geetest...) that the
 * store asks for before it places an order or looks orders up, at every door: the JSON API, the
 * storefront's forms and the resellers' sub-stores. The host's own proof of work runs beside it.
 *
 * <p>Two halves. In the browser, the store's theme puts {@link Widget#html()} into the checkout and
 * lookup forms and loads {@link Widget#scriptUrl()}; the store's Content-Security-Policy allows
 * exactly {@link Widget#origins()} for scripts, frames, styles, images and connections on its pages. The
 * vendor's script posts its token in the form field {@link Widget#fieldName()} (an API caller sends
 * it in the header {@code X-Kamishop-Human}). On the server, the host hands that token to
 * {@link #verify}, which asks the vendor's siteverify endpoint through {@link PluginContext#http()}.
 *
 * <p>The host asks the first enabled plugin whose {@link #widget()} is present; a merchant switches
 * the check on by enabling the plugin and filling in its keys. A request without a token is refused
 * with {@code 403 human_check_required}, one the vendor does not vouch for (or when the vendor cannot
 * be reached: a store under attack must not open the door because the vendor is slow) with
 * {@code 403 human_check_failed}. Implementations are {@code @Extension}s, called from many threads.
 *
 * @since 1.5.0
 */
public interface HumanCheck extends KamishopExtension {

    /** Stable id, e.g. {@code turnstile}; lower case letters, digits and dashes. */
    String id();

    /** What the theme shows, or empty while the plugin lacks its keys (then the host asks nothing). */
    Optional<Widget> widget();

    /**
     * Asks the vendor whether {@code token} was earned by a human on this store. Set a timeout on the
     * request (a few seconds): the buyer waits for it.
     *
     * @param token    the token the browser sent, never blank (the host refuses a missing one itself)
     * @param clientIp the buyer's address as the host resolved it, for vendors that compare it
     * @throws IOException when the vendor cannot be asked or answers nonsense; the host refuses the request
     */
    Verdict verify(String token, String clientIp) throws IOException, InterruptedException;

    /**
     * The browser half.
     *
     * @param scriptUrl the vendor's script, loaded with {@code async defer} by the theme; or, when the vendor's
     *                  widget needs glue to fill the one form field (Geetest hands back four values), your own
     *                  script shipped under {@code kamishop-web/} in the plugin's jar and served by the store at
     *                  {@code /plugin-assets/<plugin id>/<name>.js} (same origin, so no inline script is needed)
     * @param origins   the origins the widget loads from ({@code https://challenges.cloudflare.com}), added to
     *                  the store's Content-Security-Policy; scheme and host only, a {@code *.} wildcard allowed
     * @param html      the element the script turns into the widget, trusted as HTML; escape what you put in it
     * @param fieldName the form field the vendor's script fills with the token ({@code cf-turnstile-response})
     */
    record Widget(String scriptUrl, List<String> origins, String html, String fieldName) {
        public Widget {
            Objects.requireNonNull(scriptUrl, "scriptUrl");
            origins = List.copyOf(origins);
            Objects.requireNonNull(html, "html");
            Objects.requireNonNull(fieldName, "fieldName");
        }
    }

    /**
     * The vendor's answer.
     *
     * @param human      whether the vendor vouches for the token
     * @param errorCodes the vendor's reasons when it does not ({@code invalid-input-response}), shown to the
     *                   caller and the merchant's log; never a secret
     */
    record Verdict(boolean human, List<String> errorCodes) {
        public Verdict {
            errorCodes = List.copyOf(errorCodes);
        }

        public static Verdict passed() {
            return new Verdict(true, List.of());
        }

        public static Verdict refused(List<String> errorCodes) {
            return new Verdict(false, errorCodes);
        }
    }
}
