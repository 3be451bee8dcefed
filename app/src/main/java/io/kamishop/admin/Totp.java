package io.kamishop.admin;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Time-based one-time passwords as authenticator apps compute them: RFC 6238 over RFC 4226's HOTP,
 * HMAC-SHA1, 30-second steps, 6 digits. One step either side is accepted for clock drift.
 */
public final class Totp {

    public static final int STEP_SECONDS = 30;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {}

    /** A fresh 160-bit secret in base32, the form authenticator apps take. */
    public static String newSecret() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return base32(bytes);
    }

    /** The code for the step that contains {@code epochMillis}. */
    public static String code(String base32Secret, long epochMillis) {
        return hotp(decodeBase32(base32Secret), Math.floorDiv(epochMillis / 1000, STEP_SECONDS));
    }

    /**
     * The time step the code belongs to (now, one before or one after), or -1 if it matches none.
     * Callers remember the last step used so a code cannot be replayed.
     */
    public static long matchingStep(String base32Secret, @Nullable String code, long epochMillis) {
        if (code == null) {
            return -1;
        }
        String digits = code.replaceAll("\\s", "");
        if (!digits.matches("\\d{6}")) {
            return -1;
        }
        byte[] key = decodeBase32(base32Secret);
        long now = Math.floorDiv(epochMillis / 1000, STEP_SECONDS);
        for (long step = now - 1; step <= now + 1; step++) {
            if (java.security.MessageDigest.isEqual(
                    hotp(key, step).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                return step;
            }
        }
        return -1;
    }

    /** The otpauth:// URI that authenticator apps import (usually from a QR code). */
    public static String uri(String issuer, String account, String base32Secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=6&period=" + STEP_SECONDS;
    }

    static String hotp(byte[] key, long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    static byte[] decodeBase32(String text) {
        String clean = text.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }
}
