package io.kamishop.demo;

import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.ProductDraft;
import io.kamishop.crypto.Tokens;
import io.kamishop.inventory.InventoryService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Seeds a small catalogue with made-up keys, once, for {@code --demo}. */
public final class DemoCatalog {

    private DemoCatalog() {}

    /** Creates the demo products unless the store already has products. Returns whether it seeded. */
    public static boolean seedIfEmpty(CatalogService catalog, InventoryService inventory) {
        if (!catalog.all().isEmpty()) {
            return false;
        }
        seed(
                catalog,
                inventory,
                "Steam Wallet Code 50 CNY",
                "A 50 CNY Steam wallet top-up code (demo).",
                4_850,
                "CNY",
                "STEAM",
                25);
        seed(
                catalog,
                inventory,
                "Netflix Gift Card 1 Month",
                "One month of Netflix Standard (demo).",
                6_900,
                "CNY",
                "NFLX",
                25);
        seed(
                catalog,
                inventory,
                "Windows 11 Pro Licence",
                "Retail licence key for Windows 11 Pro (demo).",
                1_999,
                "USD",
                "W11P",
                10);
        return true;
    }

    private static void seed(
            CatalogService catalog,
            InventoryService inventory,
            String name,
            String description,
            long price,
            String currency,
            String prefix,
            int keys) {
        long id = catalog.create(new ProductDraft(name, description, price, currency, true))
                .id();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < keys; i++) {
            text.append("DEMO-")
                    .append(prefix)
                    .append('-')
                    .append(Tokens.digits(4))
                    .append('-')
                    .append(Tokens.digits(4))
                    .append('-')
                    .append(Tokens.digits(4))
                    .append('\n');
        }
        inventory.importKeys(id, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
