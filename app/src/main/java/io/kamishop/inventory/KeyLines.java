package io.kamishop.inventory;

import java.util.Optional;

/** What counts as one key in an import: a trimmed, non-blank line of printable text. */
final class KeyLines {

    static final int MAX_LENGTH = 2048;

    private KeyLines() {}

    /** The key, or empty for a blank line. */
    static Optional<String> normalise(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    /** Why the key cannot be stored, or empty when it can. */
    static Optional<String> problem(String key) {
        if (key.length() > MAX_LENGTH) {
            return Optional.of("longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                return Optional.of("contains a control character");
            }
            if (Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c)
                            && i + 1 < key.length()
                            && Character.isLowSurrogate(key.charAt(i + 1)))) {
                if (!(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(key.charAt(i - 1)))) {
                    return Optional.of("is not valid text");
                }
            }
        }
        return Optional.empty();
    }
}
