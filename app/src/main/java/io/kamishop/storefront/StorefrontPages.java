package io.kamishop.storefront;

import io.javalin.http.Context;
import io.kamishop.catalog.Category;
import io.kamishop.config.StoreSettings;
import io.kamishop.image.Images;
import io.kamishop.image.ShownImage;
import io.kamishop.storefront.view.Brand;
import io.kamishop.storefront.view.CategoryLink;
import io.kamishop.storefront.view.Contact;
import io.kamishop.storefront.view.ErrorView;
import io.kamishop.storefront.view.HumanCheckWidget;
import io.kamishop.storefront.view.LanguageLink;
import io.kamishop.storefront.view.Picture;
import io.kamishop.storefront.view.Seo;
import io.kamishop.storefront.view.Site;
import io.kamishop.web.StoreAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request and a page's view model into HTML: picks the theme the store setting names (read
 * on every view, so a change shows on the next page), the buyer's language, and the common
 * {@link Site} every layout needs.
 */
public final class StorefrontPages {

    private static final Logger LOG = LoggerFactory.getLogger(StorefrontPages.class);
    private static final String LANGUAGE_ATTRIBUTE = "kamishop.language";
    private static final String CURRENT_CATEGORY = "kamishop.category";
    private static final String AUDIENCE_ATTRIBUTE = "kamishop.audience";
    /** The store features a theme's templates may ask about ({@code features['few-left-badge']}). */
    static final List<String> FEATURES = List.of("few-left-badge");

    private static final int COOKIE_SECONDS = (int) Duration.ofDays(365).toSeconds();

    private final Themes themes;
    private final StoreSettings settings;
    private final Supplier<List<Category>> categories;
    private final StoreAddress address;
    private final Supplier<Map<String, ShownImage>> marks;
    private final StorefrontFlags flags;
    private final java.util.function.Function<Context, io.kamishop.domain.Requester> requester;
    private final BuyerLanguages languages;
    private final Supplier<Optional<HumanCheckWidget>> humanCheck;

    /**
     * With the flags that decide a buyer's theme and features, how a request names its buyer, and where the active
     * human check's widget comes from (a plugin's: Turnstile, hCaptcha; none without one).
     */
    public StorefrontPages(
            Themes themes,
            StoreSettings settings,
            Supplier<List<Category>> categories,
            StoreAddress address,
            Supplier<Map<String, ShownImage>> marks,
            StorefrontFlags flags,
            java.util.function.Function<Context, io.kamishop.domain.Requester> requester,
            Supplier<Optional<HumanCheckWidget>> humanCheck) {
        this.flags = flags;
        this.humanCheck = humanCheck;
        this.requester = requester;
        this.marks = marks;
        this.themes = themes;
        this.settings = settings;
        this.languages = new BuyerLanguages(settings);
        this.categories = categories;
        this.address = address;
    }

    /**
     * A page's meta data; {@code path} (with its query, if any) becomes the absolute canonical address. No title is the
     * store's name alone (a shelf page), no description none.
     */
    Seo seo(@Nullable String title, @Nullable String description, String path, String type) {
        return seo(title, description, path, type, null);
    }

    /** With the path of the page's picture, made absolute as link previews need it. */
    Seo seo(
            @Nullable String title,
            @Nullable String description,
            String path,
            String type,
            @Nullable String imagePath) {
        return new Seo(title, description, absolute(path), type, imagePath == null ? null : absolute(imagePath));
    }

    /**
     * The store's public address of a path: the configured public URL, else the host the buyer used if the
     * store answers to it; else the path alone (a relative canonical link beats another site's name).
     */
    String absolute(String path) {
        String base = trustedBase();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private String trustedBase() {
        return address.trustedBase().orElse("");
    }

    /** The buyer's language; a {@code ?lang=} from the switcher is remembered in a cookie. */
    Languages.Language language(Context ctx) {
        Languages.Language known = ctx.attribute(LANGUAGE_ATTRIBUTE);
        if (known != null) {
            return known;
        }
        Languages.Language chosen =
                BuyerLanguages.offeredOrNull(Languages.byTag(ctx.queryParam("lang")), languages.offered());
        if (chosen != null) {
            ctx.res()
                    .addHeader(
                            "Set-Cookie",
                            Languages.COOKIE + "=" + chosen.tag() + "; Path=/; Max-Age=" + COOKIE_SECONDS
                                    + "; SameSite=Lax");
        } else {
            chosen = languages.remembered(ctx.cookie(Languages.COOKIE), ctx.header("Accept-Language"));
        }
        // Decided once per request: the handler and the page renderer both ask.
        ctx.attribute(LANGUAGE_ATTRIBUTE, chosen);
        return chosen;
    }

    /**
     * What a page depends on besides its address and the store's data: the buyer's language and the
     * theme's files (a theme author's edit shows on the next view, see {@link Themes#get}) and the base
     * of the absolute links it writes.
     */
    String variant(Context ctx) {
        Theme theme = theme(ctx);
        // The base too: pages carry absolute canonical links, and a store reached as localhost and as
        // 127.0.0.1 must not hand one host's links to the other.
        // And whether a buyer session cookie came: the navigation says "My account" rather than "Sign in".
        return language(ctx).tag()
                + '|'
                + theme.name()
                + '|'
                + theme.stamp()
                + '|'
                + trustedBase()
                + '|'
                + BuyerAccountPages.sendsSession(ctx)
                // The buyer's arms of the flags deciding a theme or a feature: a page drawn for one arm is never
                // handed to the other (the theme's name above tells themes apart; a feature shows only here).
                + (flags.any() ? '|' + flags.arms(audience(ctx)) : "")
                + '|'
                // A merchant who enables a human check must see its widget on pages kept from before.
                + humanCheck.get().map(HumanCheckWidget::id).orElse("");
    }

    /** The buyer as the flags see them, worked out once per request. */
    private io.kamishop.domain.Audience audience(Context ctx) {
        io.kamishop.domain.Audience known = ctx.attribute(AUDIENCE_ATTRIBUTE);
        if (known == null) {
            // ClientAddress.requester, the only one given, always answers (a request always has an address).
            known = io.kamishop.domain.Audience.of(requester.apply(ctx));
            ctx.attribute(AUDIENCE_ATTRIBUTE, known);
        }
        return known;
    }

    /** Whether the buyer of this request meets store feature {@code feature} (see the flags' features). */
    boolean feature(Context ctx, String feature) {
        return !flags.any() || flags.feature(feature, audience(ctx));
    }

    /**
     * The theme this buyer sees: the store's, unless a flag puts them in the "on" arm of an installed theme. With no
     * flag deciding a theme or a feature, this is what it always was (one field read more).
     */
    Theme theme(Context ctx) {
        if (flags.any()) {
            @Nullable String flagged = flags.theme(audience(ctx));
            if (flagged != null && themes.exists(flagged)) {
                return themes.get(flagged);
            }
        }
        return themes.get(settings.get(StoreSettings.THEME));
    }

    /** Renders a page of the current theme; a broken template shows the default theme's error page. */
    void render(Context ctx, int status, String template, Map<String, Object> page) {
        render(ctx, status, template, page, theme(ctx));
    }

    /** Renders a page in a chosen theme (a sub-store's), or the store's own when the name is empty or not installed. */
    void render(Context ctx, int status, String template, Map<String, Object> page, String themeName) {
        render(
                ctx,
                status,
                template,
                page,
                themeName == null || themeName.isEmpty() || !themes.exists(themeName)
                        ? theme(ctx)
                        : themes.get(themeName));
    }

    private void render(Context ctx, int status, String template, Map<String, Object> page, Theme theme) {
        Languages.Language language = language(ctx);
        ctx.header("Vary", "Accept-Language, Cookie");
        if (ctx.res().getHeader("Cache-Control") == null) {
            ctx.header("Cache-Control", "no-cache");
        }
        try {
            String html = theme.render(template, model(ctx, theme, language, page), language.locale());
            ctx.status(status).contentType("text/html; charset=utf-8").result(html);
        } catch (RuntimeException e) {
            LOG.error("theme '{}' failed to render {}", theme.name(), template, e);
            renderBroken(ctx, language);
        }
    }

    private void renderBroken(Context ctx, Languages.Language language) {
        Theme fallback = themes.get(Themes.DEFAULT);
        Map<String, Object> page = Map.of("error", new ErrorView(500, "error.server.title", "error.server.message"));
        try {
            String html = fallback.render("error", model(ctx, fallback, language, page), language.locale());
            ctx.status(500).contentType("text/html; charset=utf-8").result(html);
        } catch (RuntimeException e) {
            LOG.error("the default theme failed to render its error page", e);
            ctx.status(500).contentType("text/plain; charset=utf-8").result("Something went wrong on our side.");
        }
    }

    void error(Context ctx, int status, String titleKey, String messageKey) {
        render(ctx, status, "error", Map.of("error", new ErrorView(status, titleKey, messageKey)));
    }

    private Map<String, Object> model(Context ctx, Theme theme, Languages.Language language, Map<String, Object> page) {
        Map<String, Object> model = new HashMap<>(page);
        model.put("site", site(ctx, theme, language));
        // Only whether a session cookie came (no database read): a page kept for cookie holders stays right for all of
        // them.
        model.put("buyerSession", BuyerAccountPages.sendsSession(ctx));
        model.put("brand", brand());
        Map<String, Boolean> features = new HashMap<>();
        for (String feature : FEATURES) {
            features.put(feature, feature(ctx, feature));
        }
        model.put("features", features);
        // The checkout and lookup forms carry it (null: no human check is asked for).
        model.put("humanCheck", humanCheck.get().orElse(null));
        return model;
    }

    /** The logo and favicon the merchant uploaded; the pages that show them are cached, so this read is rare. */
    private Brand brand() {
        Map<String, ShownImage> shown = marks.get();
        ShownImage logo = shown.get(Images.LOGO);
        ShownImage favicon = shown.get(Images.FAVICON);
        String storeName = settings.get(StoreSettings.STORE_NAME);
        return new Brand(
                logo == null
                        ? null
                        : new Picture(logo.urlFor(320), logo.srcset(), logo.width(), logo.height(), storeName, false),
                favicon == null ? null : favicon.urlFor(32),
                favicon == null ? null : favicon.url(favicon.width()));
    }

    private Site site(Context ctx, Theme theme, Languages.Language language) {
        List<LanguageLink> links = new ArrayList<>();
        for (Languages.Language l : languages.offered()) {
            links.add(new LanguageLink(l.tag(), l.nativeName(), urlWithLanguage(ctx, l), l.equals(language)));
        }
        String logo = theme.settings().getOrDefault("logo", "");
        String logoUrl =
                !logo.isBlank() && ThemeLayer.isSafe(logo) && theme.asset(logo).isPresent()
                        ? theme.assetUrl(logo)
                        : null;
        String announcement = settings.get(StoreSettings.ANNOUNCEMENT).strip();
        String current = ctx.attribute(CURRENT_CATEGORY);
        List<CategoryLink> nav = categories.get().stream()
                .map(c -> new CategoryLink(
                        c.name(),
                        ViewModels.categoryUrl(c.name()),
                        c.products(),
                        c.name().equals(current)))
                .toList();
        return new Site(
                settings.get(StoreSettings.STORE_NAME),
                language.tag(),
                theme.name(),
                List.copyOf(links),
                List.of(theme.assetUrl("css/store.css"), theme.assetUrl(Theme.SETTINGS_CSS)),
                theme.assetUrl("js/store.js"),
                logoUrl,
                announcement.isEmpty() ? null : announcement,
                contact(),
                nav);
    }

    /** Marks the category a page shows, so the navigation can say which one is current. */
    static void showingCategory(Context ctx, String category) {
        ctx.attribute(CURRENT_CATEGORY, category);
    }

    private Contact contact() {
        String telegram = settings.get(StoreSettings.CONTACT_TELEGRAM).strip().replaceFirst("^@", "");
        String qq = settings.get(StoreSettings.CONTACT_QQ).strip();
        String email = settings.get(StoreSettings.CONTACT_EMAIL).strip();
        // Each value was checked against its pattern when stored, so it is a plain handle, number or address.
        return new Contact(
                !telegram.isEmpty() || !qq.isEmpty() || !email.isEmpty(),
                telegram.isEmpty() ? null : "@" + telegram,
                telegram.isEmpty() ? null : "https://t.me/" + telegram,
                qq.isEmpty() ? null : qq,
                email.isEmpty() ? null : email,
                email.isEmpty() ? null : "mailto:" + email);
    }

    /** The current page in another language: same path, same query (the order token stays), new {@code lang}. */
    private static String urlWithLanguage(Context ctx, Languages.Language language) {
        // A page answering a form post has no URL of its own to reload: switch on the home page.
        String path = ctx.method().name().equals("GET") ? ctx.path() : "/";
        StringBuilder url = new StringBuilder(path).append("?lang=").append(encode(language.tag()));
        if (!path.equals(ctx.path())) {
            return url.toString();
        }
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("lang")) {
                values.forEach(
                        v -> url.append('&').append(encode(name)).append('=').append(encode(v)));
            }
        });
        return url.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
