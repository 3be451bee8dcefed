package io.kamishop.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.image.Images;
import io.kamishop.settings.ScopedSettings;
import io.kamishop.storefront.view.HumanCheckWidget;
import io.kamishop.web.PublicPageCache;
import java.nio.file.Path;
import java.util.List;

/** Wires the buyer's storefront: themed pages and theme assets. */
public final class Storefront {

    private Storefront() {}

    /**
     * Registers the pages, assets and theme admin API, and the resellers' sub-stores at {@code /s/{slug}/}; theme
     * folders are looked for in {@code themesDir}.
     */
    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            Path themesDir,
            ObjectMapper mapper,
            ScopedSettings settings,
            StorefrontRoutes.Shop shop,
            PublicPageCache cache,
            SubStores subStores) {
        ThemeSettings themeSettings = ThemeSettings.of(themesDir, mapper, settings, shop.settings());
        Themes themes = themeSettings.themes();
        StorefrontPages pages = new StorefrontPages(
                themes,
                shop.settings(),
                cache.keptUntilChange(shop.catalog()::categories),
                shop.address(),
                cache.keptUntilChange(() -> shop.images().shown(List.of(Images.LOGO, Images.FAVICON))),
                shop.flags(),
                shop.clients()::requester);
        if (shop.humans() != null) {
            pages.showHumanCheckFrom(() -> shop.humans()
                    .active()
                    .map(a -> new HumanCheckWidget(
                            a.check().id(), a.widget().scriptUrl(), a.widget().html())));
        }
        StorefrontRoutes.register(routes, pages, shop, cache, subStores);
        AssetRoutes.register(routes, themes);
        ThemeAdminRoutes.register(routes, mapper, themeSettings);
    }
}
