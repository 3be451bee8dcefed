package io.kamishop.challenge;

import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.KeyedHash;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.domain.Requester;
import io.kamishop.web.ClientAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The store's own bot brake, no third party involved: when the merchant switches it on (store setting
 * {@code proofOfWork}), placing an order and looking orders up ask the caller, at every door, to have
 * spent a little CPU first (hashcash-style).
 *
 * <p>The store issues a challenge {@code id.expiresAt.bits.mac}, the mac a keyed hash only the store can
 * make, so nothing is stored until one is used. The caller finds a nonce such that SHA-256 of
 * {@code challenge + ":" + nonce} starts with {@code bits} zero bits and sends {@code challenge:nonce}
 * (header {@value #HEADER} or form field {@value #FORM_FIELD}). A solution is checked (mac, expiry,
 * difficulty, hash) and then spent by a unique insert, so a replay, on any node, is refused. A refused
 * proof changes nothing: the check runs before the use case does anything.
 *
 * <p>With the switch off, the merchant may still have the brake applied to suspicious addresses only
 * (store setting {@code proofOfWorkSuspiciousAttempts}): an address that places orders or looks orders up
 * more often than that within ten minutes is asked for a proof for the next hour; see {@link SuspiciousAddresses}.
 */
public final class ProofOfWork {

    public static final String HEADER = ClientAddress.PROOF_HEADER;
    public static final String FORM_FIELD = ClientAddress.PROOF_FIELD;
    /** Long enough for a slow phone to solve and a buyer to type an email, short enough that hoarding pays little. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** A challenge as issued. */
    public record Challenge(String challenge, int bits, long expiresAt) {}

    private final Database database;
    private final StoreSettings settings;
    private final KeyedHash mac;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final SuspiciousAddresses suspicious = new SuspiciousAddresses();

    public ProofOfWork(Database database, StoreSettings settings, KeyedHash mac, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.mac = mac;
        this.clock = clock;
    }

    /** Whether the merchant asks every caller for a proof (the store-wide switch). */
    public boolean required() {
        return settings.getBoolean(StoreSettings.PROOF_OF_WORK);
    }

    /** Whether a caller from {@code address} is asked for a proof now: the switch, or its address looks suspicious. */
    public boolean requiredFor(String address) {
        int threshold = suspiciousThreshold();
        return required() || threshold > 0 && suspicious.flagged(address, clock.millis());
    }

    private int suspiciousThreshold() {
        return settings.getInt(StoreSettings.PROOF_OF_WORK_SUSPICIOUS_ATTEMPTS);
    }

    public Challenge issue() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(id) + "."
                + (clock.millis() + LIFETIME.toMillis()) + "." + bits();
        return new Challenge(body + "." + sign(body), bits(), clock.millis() + LIFETIME.toMillis());
    }

    /**
     * Refuses (403) a requester without a valid, unspent solution while the merchant asks for one; spends it otherwise.
     * A Telegram user is not asked: Telegram vouches for the account, the bot cannot run a solver, and the bot's
     * own brake (updates per Telegram user per minute) and the per-user rate limits and risk facts still apply.
     */
    public void require(Requester requester) {
        if (requester.chat() != null) {
            return;
        }
        int threshold = suspiciousThreshold();
        boolean suspect = threshold > 0 && suspicious.attempt(requester.address(), threshold, clock.millis());
        if (!suspect && !required()) {
            return;
        }
        String proof = requester.proofOfWork();
        if (proof == null || proof.isBlank()) {
            throw new Refusal(
                    Refusal.Kind.FORBIDDEN,
                    "proof_of_work_required",
                    "this store asks for a solved challenge first: GET /api/challenge, then send challenge:nonce in "
                            + HEADER,
                    Map.of("challengeUrl", "/api/challenge"));
        }
        int colon = proof.lastIndexOf(':');
        if (proof.length() > 300 || colon < 0) {
            throw invalid("the proof is not challenge:nonce");
        }
        String challenge = proof.substring(0, colon);
        String[] fields = challenge.split("\\.");
        if (fields.length != 4
                || !MessageDigest.isEqual(
                        sign(fields[0] + "." + fields[1] + "." + fields[2]).getBytes(StandardCharsets.US_ASCII),
                        fields[3].getBytes(StandardCharsets.US_ASCII))) {
            throw invalid("the challenge was not issued by this store");
        }
        long expiresAt;
        int bits;
        try {
            expiresAt = Long.parseLong(fields[1]);
            bits = Integer.parseInt(fields[2]);
        } catch (NumberFormatException e) {
            throw invalid("the challenge is damaged");
        }
        if (expiresAt < clock.millis()) {
            throw invalid("the challenge has expired; ask for a new one");
        }
        if (bits < bits() || leadingZeroBits(sha256(proof)) < bits) {
            throw invalid("the nonce does not solve the challenge");
        }
        long now = clock.millis();
        int spent = database.write(tx -> {
            SpentChallengeDao dao = tx.dao(SpentChallengeDao.class);
            dao.forgetExpired(now);
            return dao.spend(fields[0], expiresAt);
        });
        if (spent == 0) {
            throw invalid("the challenge was used already; ask for a new one");
        }
    }

    private int bits() {
        return settings.getInt(StoreSettings.PROOF_OF_WORK_BITS);
    }

    private String sign(String body) {
        return mac.hex("proof-of-work:" + body);
    }

    private static Refusal invalid(String message) {
        return new Refusal(
                Refusal.Kind.FORBIDDEN, "proof_of_work_invalid", message, Map.of("challengeUrl", "/api/challenge"));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }
}
