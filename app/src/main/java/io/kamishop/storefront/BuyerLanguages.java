package io.kamishop.storefront;

import io.kamishop.config.StoreSettings;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which of the merchant's languages a buyer reads: the one the storefront's switcher remembered in a
 * cookie, else the browser's {@code Accept-Language}, else the store's default. The storefront's own pages
 * ask through {@link StorefrontPages#language}, which also honours a fresh {@code ?lang=}; pages the store
 * does not draw itself (a payment channel's cashier) ask {@link #localeOf}, so a plugin speaks the same
 * language as the page the buyer came from without parsing headers of its own. It takes the request's
 * values, not the request: HTTP stays with the routes and pages.
 */
public final class BuyerLanguages {

    private final StoreSettings settings;
    private volatile @Nullable Offered offered; // null until the first page asks

    public BuyerLanguages(StoreSettings settings) {
        this.settings = settings;
    }

    /** The cookie in which the storefront's switcher remembers the buyer's choice. */
    public static final String COOKIE = Languages.COOKIE;

    /**
     * The buyer's language as a locale ({@code en-US} or {@code zh-CN}), for a plugin's {@code IncomingRequest}.
     *
     * @param cookie         the value of the {@link #COOKIE} cookie, or null
     * @param acceptLanguage the request's {@code Accept-Language}, or null
     */
    public Locale localeOf(@Nullable String cookie, @Nullable String acceptLanguage) {
        return remembered(cookie, acceptLanguage).locale();
    }

    /** The language without a fresh switcher choice: the cookie, the browser, the store's default. */
    Languages.Language remembered(@Nullable String cookie, @Nullable String acceptLanguage) {
        List<Languages.Language> offered = offered();
        Languages.Language chosen = offeredOrNull(Languages.byTag(cookie), offered);
        if (chosen != null) {
            return chosen;
        }
        Languages.Language fallback =
                offeredOrNull(Languages.byTag(settings.get(StoreSettings.DEFAULT_LANGUAGE)), offered);
        return Languages.fromAcceptLanguage(acceptLanguage, offered, fallback == null ? offered.get(0) : fallback);
    }

    /** The languages the merchant offers, never empty. */
    List<Languages.Language> offered() {
        // Asked on every page view, cached ones included: the setting's text is parsed again only when it changed.
        String setting = settings.get(StoreSettings.LANGUAGES);
        Offered known = offered;
        if (known != null && known.setting().equals(setting)) {
            return known.languages();
        }
        List<Languages.Language> parsed = settings.offeredLanguages().stream()
                .map(Languages::byTag)
                .filter(l -> l != null)
                .toList();
        List<Languages.Language> languages = parsed.isEmpty() ? Languages.ALL : parsed;
        offered = new Offered(setting, languages);
        return languages;
    }

    /** The languages offered, parsed from the setting's text {@code setting}. */
    private record Offered(String setting, List<Languages.Language> languages) {}

    /** {@code language} if the merchant offers it, else {@code null}: a link or cookie naming another one is ignored. */
    static Languages.@Nullable Language offeredOrNull(
            Languages.@Nullable Language language, List<Languages.Language> offered) {
        return language != null && offered.contains(language) ? language : null;
    }
}
