package io.kamishop.flags;

import io.kamishop.domain.Audience;
import io.kamishop.domain.Requester;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which arm of a flag a buyer falls in, the same on every node and after every restart.
 *
 * <p>The subject is, first found: the device id the caller sends ({@code X-Kamishop-Device}; the
 * Telegram bot's is {@code telegram:<user id>}), else the client's address, else the buyer's e-mail
 * (lower-cased). The e-mail comes last on purpose: a product page, a quote and the bot's channel list
 * are drawn before the buyer typed one, and the order placed from them must fall in the arm they were
 * drawn for, or a buyer would be refused the channel the page offered. (The storefront sends no
 * device id today, so a browser is bucketed by its address; the request facts hold no signed-in
 * account yet.) E-mail targets ({@link FlagTargets}) still apply wherever the e-mail is known.
 * The bucket is the first four bytes of
 * SHA-256({@code flagKey ":" subject}) modulo 10,000, compared with the rollout in basis points:
 * each flag splits buyers independently of the others, and nothing depends on the JVM (no
 * {@code hashCode}, no random seed).
 */
public final class Bucketing {

    static final int BASIS_POINTS = 10_000;

    private Bucketing() {}

    /** The subject a buyer is bucketed by (see the class comment), or null when nothing is known. */
    public static @Nullable String subject(Audience who) {
        Requester r = who.requester();
        if (r.deviceId() != null && !r.deviceId().isBlank()) {
            return "device:" + r.deviceId();
        }
        if (r.address() != null && !r.address().isBlank()) {
            return "address:" + r.address();
        }
        return who.email() == null || who.email().isBlank()
                ? null
                : "email:" + who.email().strip().toLowerCase(Locale.ROOT);
    }

    /** The bucket, 0 to 9,999, of {@code subject} under flag {@code flagKey}. */
    public static int bucket(String flagKey, String subject) {
        byte[] digest = sha256(flagKey + ":" + subject);
        long first = ((digest[0] & 0xFFL) << 24)
                | ((digest[1] & 0xFFL) << 16)
                | ((digest[2] & 0xFFL) << 8)
                | (digest[3] & 0xFFL);
        return (int) (first % BASIS_POINTS);
    }

    /** Whether {@code subject} is in the "on" arm of a flag rolled out to {@code rolloutBp} basis points. */
    public static boolean inRollout(String flagKey, String subject, int rolloutBp) {
        return bucket(flagKey, subject) < rolloutBp;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Lower-case hex SHA-256 of a lower-cased, stripped e-mail address: how targets name buyers without keeping their address. */
    public static String emailHash(String email) {
        return java.util.HexFormat.of().formatHex(sha256(email.strip().toLowerCase(Locale.ROOT)));
    }
}
