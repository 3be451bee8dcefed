package io.kamishop.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}),
 * so the parameters travel with each hash and can be raised later without breaking old ones.
 *
 * <p>Defaults follow OWASP's Argon2id recommendation (19 MiB, 2 passes, 1 lane): about 50 ms on a
 * small server, far too slow for offline guessing at scale, cheap enough for sign-ins. The one hasher of
 * the store: admin passwords and the buyers' order look-up passwords.
 */
public final class PasswordHasher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    // Each run takes its memory and a core for a while: a burst of sign-ins, checkouts or look-ups queues
    // here instead of exhausting memory. Fair, so nobody waits for ever.
    private static final Semaphore RUNS =
            new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()), true);

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    /**
     * Set only by the test suite's JVM (app/pom.xml), never by the store's launchers: the suite starts hundreds of
     * stores that create and sign in admins and buyers, and at OWASP's cost those hashes were 15% of the whole
     * suite's CPU (a JFR profile, docs/performance-journal.md). The hashes stay Argon2id in the PHC format and verify
     * through the same code; only their parameters are the minimum. {@code PasswordHasherTest} pins the store's own
     * parameters, and the tests that run the store as its own process hash at the store's cost.
     */
    static final String CHEAP_FOR_TESTS = "kamishop.test.cheapPasswordHashes";

    public PasswordHasher() {
        this(Boolean.getBoolean(CHEAP_FOR_TESTS));
    }

    PasswordHasher(boolean cheapForTests) {
        this(cheapForTests ? 8 : 19 * 1024, cheapForTests ? 1 : 2, 1);
    }

    private PasswordHasher(int memoryKiB, int iterations, int parallelism) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return encode(salt, derive(password, salt, memoryKiB, iterations, parallelism, 32));
    }

    private String encode(byte[] salt, byte[] out) {
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether the password matches the stored hash; a malformed hash matches nothing. */
    public boolean verify(String password, String encoded) {
        try {
            String[] parts = encoded.split("\\$");
            if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                return false;
            }
            int m = 0;
            int t = 0;
            int p = 0;
            for (String param : parts[3].split(",")) {
                String[] kv = param.split("=", 2);
                int value = Integer.parseInt(kv[1]);
                switch (kv[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = Base64.getDecoder().decode(parts[4]);
            byte[] expected = Base64.getDecoder().decode(parts[5]);
            return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A hash no password matches, with this hasher's parameters: verifying against it costs what a real
     * check costs (no user-exists timing leak). Its digest is random bytes rather than Argon2id of a
     * random password: a check's cost is the derivation from salt and parameters either way, a password
     * matches either with the odds of guessing 256 bits, and deriving one at every start was ~115 ms
     * of CPU beside the start-up.
     */
    public String decoy() {
        byte[] salt = new byte[16];
        byte[] out = new byte[32];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(out);
        return encode(salt, out);
    }

    private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        RUNS.acquireUninterruptibly();
        try {
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            RUNS.release();
        }
        return out;
    }
}
