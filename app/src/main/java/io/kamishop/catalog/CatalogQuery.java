package io.kamishop.catalog;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a buyer asks of the catalogue: words to find in a product's name or description, a category,
 * an order and a page. Built from whatever a URL carried: nothing a buyer types is ever refused or
 * placed into SQL text; it is cleaned here and bound as a parameter (see {@link #likePattern()}).
 *
 * @param text     the words as searched for, cleaned; empty for "everything"
 * @param category the category's exact name; empty for every category
 * @param page     1-based
 */
public record CatalogQuery(String text, String category, Sort sort, int page) {

    /** The longest search the store runs; longer input is cut, not refused (a pasted paragraph still finds something). */
    public static final int MAX_TEXT = 100;

    public static final int MAX_PAGE = 1000;
    public static final int PAGE_SIZE = 24;

    /** The orders a buyer may pick; the SQL knows each by its {@link #code}. */
    public enum Sort {
        FEATURED("featured"),
        PRICE_LOW("price"),
        PRICE_HIGH("price_desc"),
        NEWEST("newest"),
        NAME("name");

        private final String code;

        Sort(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** An unknown or missing sort is the default one: a stale link should still show the shelf. */
        public static Sort fromCode(@Nullable String code) {
            for (Sort sort : values()) {
                if (sort.code.equals(code)) {
                    return sort;
                }
            }
            return FEATURED;
        }
    }

    /** A query from raw request values, any of which may be null or nonsense. */
    public static CatalogQuery of(
            @Nullable String text, @Nullable String category, @Nullable String sort, @Nullable String page) {
        return new CatalogQuery(
                clean(text, MAX_TEXT),
                clean(category, ProductDraft.MAX_CATEGORY),
                Sort.fromCode(sort),
                pageNumber(page));
    }

    /** Control characters dropped, runs of white space made one space, cut at {@code max} code points. */
    static String clean(@Nullable String raw, int max) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int kept = 0;
        boolean space = false;
        for (int i = 0; i < raw.length() && kept < max; ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = out.length() > 0;
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE) {
                continue;
            }
            if (space) {
                out.append(' ');
                kept++;
                space = false;
                if (kept >= max) {
                    break;
                }
            }
            out.appendCodePoint(cp);
            kept++;
        }
        return out.toString();
    }

    private static int pageNumber(@Nullable String raw) {
        try {
            int page = Integer.parseInt(raw == null ? "1" : raw.strip());
            return Math.min(Math.max(page, 1), MAX_PAGE);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * The LIKE pattern for {@link #text}: lower case, its own {@code %} and {@code _} escaped with {@code !}
     * (the statements say {@code ESCAPE '!'}) so a buyer's {@code %} finds a percent sign, not everything.
     * Empty when there is nothing to search for.
     */
    public String likePattern() {
        if (text.isEmpty()) {
            return "";
        }
        String escaped = text.toLowerCase(Locale.ROOT)
                .replace("!", "!!")
                .replace("%", "!%")
                .replace("_", "!_");
        return "%" + escaped + "%";
    }

    public int offset() {
        return (page - 1) * PAGE_SIZE;
    }

    public CatalogQuery withPage(int other) {
        return new CatalogQuery(text, category, sort, other);
    }
}
