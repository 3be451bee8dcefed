package io.kamishop.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a store-specific key, as lowercase hex. Used to find things by a secret without
 * storing the secret: duplicate card keys, lookup tokens, admin tokens. Without the master key a
 * stolen database file cannot be used to test guesses offline.
 */
public final class KeyedHash {

    /**
     * One initialised Mac per thread: {@code Mac.getInstance} and {@code init} (provider lookup, key
     * pads) cost more than hashing a short value, and the audit chain hashes on the payment
     * committer (7% of its CPU before). {@code doFinal} leaves the Mac ready for the next value.
     */
    private final ThreadLocal<Mac> macs;

    public KeyedHash(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        });
    }

    public String hex(String value) {
        return HexFormat.of().formatHex(bytes(value));
    }

    /** The 32 bytes of the hash: half the size of {@link #hex}, for values kept in a big index (card-key fingerprints). */
    public byte[] bytes(String value) {
        return macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code value} hashes to {@code expectedHex}, compared in constant time. */
    public boolean matches(String value, String expectedHex) {
        return MessageDigest.isEqual(
                hex(value).getBytes(StandardCharsets.US_ASCII), expectedHex.getBytes(StandardCharsets.US_ASCII));
    }
}
