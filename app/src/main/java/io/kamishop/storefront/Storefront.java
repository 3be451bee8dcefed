package io.kamishop.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.nio.file.Path;

/** Wires the buyer's storefront: themed pages and theme assets. */
public final class Storefront {

    private Storefront() {
    }

    /** Registers the pages and assets; theme folders are looked for in {@code themesDir}. */
    public static void register(Javalin app, Path themesDir, ObjectMapper mapper, StorefrontRoutes.Shop shop) {
        Themes themes = new Themes(themesDir, mapper);
        StorefrontRoutes.register(app, new StorefrontPages(themes, shop.settings()), shop);
        AssetRoutes.register(app, themes);
    }
}
