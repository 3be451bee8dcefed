package io.kamishop.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The 32-byte root secret of a store. Nothing is encrypted or hashed with it directly: each use
 * gets its own sub-key through HKDF, so a key for one purpose says nothing about another.
 */
public final class MasterKey {

    public static final String FILE_NAME = "master.key";
    private final byte[] key;

    private MasterKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    public static MasterKey fromBase64(String base64) {
        try {
            return new MasterKey(Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("KAMISHOP_MASTER_KEY must be the base64 of 32 bytes: " + e.getMessage());
        }
    }

    /**
     * The key from the environment when given, else the key file in the data dir, created on first
     * start with owner-only permissions.
     */
    public static MasterKey load(Optional<String> fromEnvironment, Path dataDir) {
        if (fromEnvironment.isPresent()) {
            return fromBase64(fromEnvironment.get());
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return; // another process won the race; use its key
        }
        Files.writeString(
                file,
                Base64.getEncoder().encodeToString(fresh) + "\n",
                StandardCharsets.US_ASCII,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
        Arrays.fill(fresh, (byte) 0);
    }

    /** A 32-byte sub-key for one purpose, e.g. {@code "card-key encryption v1"}. */
    public byte[] derive(String purpose) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(
                key, "kamishop".getBytes(StandardCharsets.UTF_8), purpose.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    @Override
    public String toString() {
        return "MasterKey[****]";
    }
}
