package io.kamishop.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /** Whether {@link #generate(int)} (and so {@link #generate(int, Generation)}) is implemented. */
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
     * Makes {@code count} fresh keys for one product, with the merchant's options for this batch
     * (since API 1.1). The host calls this one; the default ignores the request and calls
     * {@link #generate(int)}, so a format written for 1.0 keeps working.
     *
     * @throws IllegalArgumentException when an option cannot be honoured; the host answers the
     *                                  merchant 422 with the exception's message, so say which option and why
     */
    default List<String> generate(int count, Generation request) {
        return generate(count);
    }

    /**
     * Checks a key this format issued, for the store's public verify endpoint (since API 1.1).
     * Empty when this format cannot tell (the default: most formats are plain random strings). Must
     * not throw for bad input: answer {@link Verdict#invalid}. Never log the key.
     */
    default Optional<Verdict> verify(String key) {
        return Optional.empty();
    }

    /**
     * Facts about this format anyone may read, e.g. the public key that verifies signed keys offline
     * (since API 1.1). Served without login at {@code GET /api/key-formats/{id}}; never put a secret here.
     */
    default Map<String, String> publicInfo() {
        return Map.of();
    }

    /**
     * What one batch of generated keys is for.
     *
     * @param productId   the product the keys go to
     * @param productName its name now
     * @param options     the merchant's options for this batch, as sent to the generate call (for example
     *                    {@code pattern}, {@code validDays}); the format defines and checks them
     * @param buyerEmail  the buyer the keys are made for, when they are made at delivery for one order;
     *                    {@code null} when they are made into stock before anyone buys. Personal data:
     *                    put it into a key only when the merchant asked for that.
     * @param orderNo     the paid order the keys are made for (a product of kind {@code generated}); {@code null}
     *                    for a batch into stock
     */
    record Generation(
            long productId, String productName, Map<String, String> options, String buyerEmail, String orderNo) {

        public Generation {
            productName = productName == null ? "" : productName;
            options = options == null ? Map.of() : Map.copyOf(options);
        }

        /** A batch for a product, with or without a buyer, not tied to one order. */
        public Generation(long productId, String productName, Map<String, String> options, String buyerEmail) {
            this(productId, productName, options, buyerEmail, null);
        }

        /** A batch into the product's stock, before any buyer is known. */
        public static Generation forStock(long productId, String productName, Map<String, String> options) {
            return new Generation(productId, productName, options, null, null);
        }

        /**
         * The keys of one paid order of a {@code generated} product, made at delivery inside the
         * delivery's transaction (so a replayed payment never asks twice): be quick (no network), and
         * throw rather than return fewer keys; the order then stays {@code paid} and the merchant
         * retries. The merchant's options are the format's own settings here.
         */
        public static Generation forOrder(String orderNo, long productId, String productName, String buyerEmail) {
            return new Generation(productId, productName, Map.of(), buyerEmail, orderNo);
        }

        /** The option's value, if given and not blank. */
        public Optional<String> option(String key) {
            return Optional.ofNullable(options.get(key)).filter(v -> !v.isBlank());
        }
    }

    /**
     * What {@link #verify} found.
     *
     * @param valid  whether the key is genuine and still good
     * @param reason why not (when not valid), else {@code null}
     * @param claims what the key says about itself, when it is readable (for a signed licence: product, buyer, expiry ...)
     */
    record Verdict(boolean valid, String reason, Map<String, Object> claims) {

        public Verdict {
            claims = claims == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
        }

        public static Verdict valid(Map<String, Object> claims) {
            return new Verdict(true, null, claims);
        }

        public static Verdict invalid(String reason, Map<String, Object> claims) {
            return new Verdict(false, Objects.requireNonNull(reason, "reason"), claims);
        }
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
