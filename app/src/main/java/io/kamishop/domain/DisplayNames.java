package io.kamishop.domain;

/**
 * Names people see (a product, a category, the store): printable text only. A control character
 * (a newline, a NUL, an escape sequence) or an invisible direction override (U+202E makes
 * "gpj.exe" read as "exe.jpg") breaks mail subjects, CSV exports and log lines, or deceives a buyer.
 */
public final class DisplayNames {

    public static final String RULE = "without control characters or invisible direction marks";

    private DisplayNames() {}

    public static boolean isPrintable(String name) {
        return name.codePoints()
                .noneMatch(c -> Character.isISOControl(c)
                        || c >= 0x202A && c <= 0x202E
                        || c >= 0x2066 && c <= 0x2069
                        || c == 0x200E
                        || c == 0x200F
                        || Character.getType(c) == Character.SURROGATE);
    }
}
