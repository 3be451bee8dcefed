package io.kamishop.plugins.licence;

import java.security.SecureRandom;

/**
 * Random keys by pattern: {@code X} is a letter or digit, {@code A} a letter, {@code 9} a digit, and
 * anything else stands for itself, e.g. {@code XXXXX-XXXXX-XXXXX}. Letters and digits that people
 * misread (0/O, 1/I/L) are left out.
 */
final class KeyPattern {

    private static final String LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ";
    private static final String DIGITS = "23456789";
    private static final String BOTH = LETTERS + DIGITS;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPattern() {}

    /** Why the pattern cannot make good keys, or null: too long, or too few random places to be unguessable. */
    static String problem(String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.length() > 200) {
            return "must be 1 to 200 characters";
        }
        double bits = 0;
        for (char c : pattern.toCharArray()) {
            bits += switch (c) {
                case 'X' -> Math.log(BOTH.length()) / Math.log(2);
                case 'A' -> Math.log(LETTERS.length()) / Math.log(2);
                case '9' -> Math.log(DIGITS.length()) / Math.log(2);
                default -> 0;
            };
        }
        return bits < 64 ? "needs at least 64 bits of randomness (for example 14 X's)" : null;
    }

    static String generate(String pattern) {
        StringBuilder key = new StringBuilder(pattern.length());
        for (char c : pattern.toCharArray()) {
            key.append(
                    switch (c) {
                        case 'X' -> BOTH.charAt(RANDOM.nextInt(BOTH.length()));
                        case 'A' -> LETTERS.charAt(RANDOM.nextInt(LETTERS.length()));
                        case '9' -> DIGITS.charAt(RANDOM.nextInt(DIGITS.length()));
                        default -> c;
                    });
        }
        return key.toString();
    }
}
