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

    private final SecretKeySpec key;

    public KeyedHash(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public String hex(String value) {
        return HexFormat.of().formatHex(bytes(value));
    }

    /** The 32 bytes of the hash: half the size of {@link #hex}, for values kept in a big index (card-key fingerprints). */
    public byte[] bytes(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code value} hashes to {@code expectedHex}, compared in constant time. */
    public boolean matches(String value, String expectedHex) {
        return MessageDigest.isEqual(hex(value).getBytes(StandardCharsets.US_ASCII),
                expectedHex.getBytes(StandardCharsets.US_ASCII));
    }
}
