package io.kamishop.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.image.Images;
import io.kamishop.storefront.view.HumanCheckWidget;
import io.kamishop.web.PublicPageCache;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Wires the buyer's storefront: themed pages and theme assets. */
public final class Storefront {

    private Storefront() {}

    /**
     * Registers the pages, assets and theme admin API, and the resellers' sub-stores at {@code /s/{slug}/}, all drawn
     * with {@code themeSettings}' themes (the one instance the admin's theme page changes too).
     */
    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ThemeSettings themeSettings,
            ObjectMapper mapper,
            StorefrontRoutes.Shop shop,
            PublicPageCache cache,
            SubStores subStores) {
        Themes themes = themeSettings.themes();
        StorefrontPages pages = new StorefrontPages(
                themes,
                shop.settings(),
                cache.keptUntilChange(shop.catalog()::categories),
                shop.address(),
                cache.keptUntilChange(() -> shop.images().shown(List.of(Images.LOGO, Images.FAVICON))),
                shop.flags(),
                shop.clients()::requester,
                humanCheckWidget(shop.humans()));
        StorefrontRoutes.register(routes, pages, shop, cache, subStores);
        AssetRoutes.register(routes, themes);
        ThemeAdminRoutes.register(routes, mapper, themeSettings);
    }

    /** The active human check's widget (a plugin's: Turnstile, hCaptcha), if the store has human checks at all. */
    private static Supplier<Optional<HumanCheckWidget>> humanCheckWidget(
            io.kamishop.challenge.@Nullable HumanChecks humans) {
        if (humans == null) {
            return Optional::empty;
        }
        return () -> humans.active()
                .map(a -> new HumanCheckWidget(
                        a.check().id(), a.widget().scriptUrl(), a.widget().html()));
    }
}
