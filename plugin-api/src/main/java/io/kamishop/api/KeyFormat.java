package io.kamishop.api;

import java.util.List;

/**
 * A kind of card key the store understands: how imported keys are checked and tidied, and,
 * optionally, how new ones are made (for goods the merchant issues, such as licence keys).
 *
 * <p>The merchant picks a format per product. On import the host calls {@link #check} once per
 * line, before anything is stored: a rejected line is counted as {@code rejected} and the rest of
 * the import goes on; an accepted line is stored as {@link KeyCheck#normalised()}, so two spellings
 * of one key (case, dashes, spaces) are found to be duplicates.
 *
 * <pre>{@code
 * @Extension
 * public class SteamKeys implements KeyFormat {
 *     public String id() { return "steam"; }
 *     public String displayName() { return "Steam key (AAAAA-BBBBB-CCCCC)"; }
 *     public KeyCheck check(String raw) {
 *         String key = raw.strip().toUpperCase(Locale.ROOT);
 *         return key.matches("[A-Z0-9]{5}(-[A-Z0-9]{5}){2}") ? KeyCheck.accept(key) : KeyCheck.reject("not AAAAA-BBBBB-CCCCC");
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations are {@code @Extension}s, created once and called from many threads.
 */
public interface KeyFormat extends KamishopExtension {

    /** Stable id a product refers to, e.g. {@code steam}. Unique among the store's key formats. */
    String id();

    /** Name shown to the merchant when choosing a format. */
    String displayName();

    /**
     * Checks and normalises one imported key (one line of the import, never blank). Must not
     * throw for bad input: return {@link KeyCheck#reject}. Never log the key.
     */
    KeyCheck check(String raw);

    /** Whether {@link #generate(int)} (and so {@link #generate(GenerationRequest)}) is implemented. */
    default boolean canGenerate() {
        return false;
    }

    /**
     * Makes {@code count} fresh keys (1 to 10 000), each already normalised. The host checks them for
     * duplicates against the stock as it would an import. Use {@link java.security.SecureRandom}.
     */
    default List<String> generate(int count) {
        throw new UnsupportedOperationException(id() + " does not generate keys");
    }

    /**
     * Makes the keys of one paid order of a {@code generated} product, at delivery, knowing the order
     * (number, product, quantity, buyer's email): override it when a key should name its buyer, such
     * as a signed licence. Return exactly {@link GenerationRequest#quantity()} distinct, normalised keys.
     *
     * <p>Called inside the delivery's database transaction, so be quick (no network) and throw
     * rather than return fewer keys: the order then stays {@code paid} and the merchant retries the
     * delivery. The default calls {@link #generate(int)}, so formats written before this method
     * existed generate for orders unchanged.
     */
    default List<String> generate(GenerationRequest request) {
        return generate(request.quantity());
    }

    /**
     * The verdict on one key.
     *
     * @param valid      whether the key may be stored
     * @param normalised the key as it is stored and delivered (when valid), else {@code null}
     * @param reason     why it was rejected, shown to the merchant (when not valid), else {@code null}
     */
    record KeyCheck(boolean valid, String normalised, String reason) {

        public static KeyCheck accept(String normalised) {
            if (normalised == null || normalised.isBlank()) {
                throw new IllegalArgumentException("a normalised key must not be blank");
            }
            return new KeyCheck(true, normalised, null);
        }

        public static KeyCheck reject(String reason) {
            return new KeyCheck(false, null, reason == null ? "not a valid key" : reason);
        }
    }
}
