package io.kamishop.storefront;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The languages the storefront speaks, and how a request picks one: the switcher's {@code ?lang=},
 * then the cookie the switcher set, then the browser's {@code Accept-Language}, then English.
 */
final class Languages {

    /** A language the storefront speaks: its tag, its own name, and the locale that formats numbers and dates. */
    record Language(String tag, String nativeName, Locale locale) {}

    static final Language ENGLISH = new Language("en", "English", Locale.US);
    static final Language CHINESE = new Language("zh-CN", "简体中文", Locale.SIMPLIFIED_CHINESE);
    static final List<Language> ALL = List.of(ENGLISH, CHINESE);
    static final String COOKIE = "lang";

    private Languages() {}

    /** The language a tag names exactly, or {@code null}. */
    static @Nullable Language byTag(@Nullable String tag) {
        if (tag == null) {
            return null;
        }
        return ALL.stream()
                .filter(l -> l.tag().equalsIgnoreCase(tag.trim()))
                .findFirst()
                .orElse(null);
    }

    static Language of(@Nullable Locale locale) {
        return locale != null && locale.getLanguage().equals("zh") ? CHINESE : ENGLISH;
    }

    /**
     * The best language for an {@code Accept-Language} header. Any Chinese range picks Simplified
     * Chinese: for a reader of Traditional it is closer than English.
     */
    static Language fromAcceptLanguage(@Nullable String header) {
        return fromAcceptLanguage(header, ALL, ENGLISH);
    }

    /** The same among the languages the merchant offers; {@code fallback} when the browser asks for none of them. */
    static Language fromAcceptLanguage(@Nullable String header, List<Language> offered, Language fallback) {
        if (header == null || header.isBlank() || header.length() > 500) {
            return fallback;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                if (range.getWeight() <= 0) {
                    continue;
                }
                String r = range.getRange().toLowerCase(Locale.ROOT);
                if (r.startsWith("zh") && offered.contains(CHINESE)) {
                    return CHINESE;
                }
                if (r.startsWith("en") && offered.contains(ENGLISH)) {
                    return ENGLISH;
                }
                if (r.equals("*")) {
                    return fallback;
                }
            }
        } catch (IllegalArgumentException e) {
            // A malformed header is not the buyer's fault: fall through to the store's default.
        }
        return fallback;
    }
}
