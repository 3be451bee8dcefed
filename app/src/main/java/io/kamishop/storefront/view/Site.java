package io.kamishop.storefront.view;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What every page knows about the store and the request: name, language, theme look.
 *
 * @param storeName    the merchant's store name
 * @param lang         the page language tag, e.g. {@code en} or {@code zh-CN}
 * @param theme        the theme's folder name
 * @param languages    the language switcher's links, keeping the current page
 * @param stylesheets  content-hashed URLs of the stylesheets, in order
 * @param script       content-hashed URL of the theme's script
 * @param logoUrl      the logo's URL, or {@code null} for the store name as text
 * @param announcement the merchant's banner text, or {@code null}
 * @param contact      how to reach the merchant
 * @param categories   the categories with products on sale, for the navigation
 */
public record Site(
        String storeName,
        String lang,
        String theme,
        List<LanguageLink> languages,
        List<String> stylesheets,
        String script,
        @Nullable String logoUrl,
        @Nullable String announcement,
        Contact contact,
        List<CategoryLink> categories) {

    /** A site without banner, contact or categories. */
    public Site(
            String storeName,
            String lang,
            String theme,
            List<LanguageLink> languages,
            List<String> stylesheets,
            String script,
            @Nullable String logoUrl) {
        this(
                storeName,
                lang,
                theme,
                languages,
                stylesheets,
                script,
                logoUrl,
                null,
                new Contact(false, null, null, null, null, null),
                List.of());
    }
}
