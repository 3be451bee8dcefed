package io.kamishop.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jspecify.annotations.Nullable;

/**
 * The optional passphrase layer of a backup file: Argon2id stretches the passphrase, AES-256-GCM
 * seals the zip. Layout: {@code KSBACKUP1}, 16-byte salt, 12-byte nonce, ciphertext with tag (authenticated with
 * the magic as associated data).
 * A file without the magic is a plain zip.
 */
final class BackupArchive {

    private static final byte[] MAGIC = "KSBACKUP1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupArchive() {}

    static boolean isEncrypted(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC);
    }

    /**
     * Writes the header to {@code file} and returns the stream that seals what is written to it; closing that stream
     * writes the tag and closes {@code file}. Streamed, so a backup of a database larger than the heap can be made.
     */
    static OutputStream sealing(OutputStream file, char[] passphrase) throws IOException {
        byte[] salt = random(16);
        byte[] nonce = random(12);
        Cipher cipher;
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(stretch(passphrase, salt), "AES"),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(MAGIC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
        file.write(MAGIC);
        file.write(salt);
        file.write(nonce);
        return new CipherOutputStream(file, cipher);
    }

    /** Whether the file at {@code path} is a sealed backup (begins with the magic), not a plain zip. */
    static boolean isEncrypted(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return isEncrypted(in.readNBytes(MAGIC.length));
        }
    }

    /**
     * Opens a sealed backup into {@code plain} (an owner-only file the caller made and removes), streamed: Bouncy
     * Castle's GCM releases the plaintext as it goes and checks the tag at the end (the JDK's holds the whole file
     * until then), so {@code plain} may only be used once this has returned; a wrong passphrase or a damaged file
     * throws, and whatever reached {@code plain} is the caller's to delete.
     */
    static void unseal(Path sealed, char @Nullable [] passphrase, Path plain) throws IOException {
        if (passphrase == null) {
            throw new IllegalArgumentException("this backup is encrypted: set KAMISHOP_BACKUP_PASSPHRASE");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(sealed), 64 * 1024);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(plain), 64 * 1024)) {
            byte[] head = in.readNBytes(MAGIC.length + 16 + 12);
            if (head.length < MAGIC.length + 16 + 12) {
                throw new IllegalArgumentException("the backup file is damaged: it ends inside its header");
            }
            byte[] salt = Arrays.copyOfRange(head, MAGIC.length, MAGIC.length + 16);
            byte[] nonce = Arrays.copyOfRange(head, MAGIC.length + 16, MAGIC.length + 28);
            GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
            gcm.init(false, new AEADParameters(new KeyParameter(stretch(passphrase, salt)), 128, nonce, MAGIC));
            byte[] chunk = new byte[64 * 1024];
            // Room for a chunk plus what GCM holds back between calls (the last block and the possible tag).
            byte[] opened = new byte[chunk.length + 32];
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                out.write(opened, 0, gcm.processBytes(chunk, 0, n, opened, 0));
            }
            byte[] last = new byte[gcm.getOutputSize(0)];
            out.write(last, 0, gcm.doFinal(last, 0));
        } catch (InvalidCipherTextException e) {
            throw new IllegalArgumentException("wrong passphrase, or the backup file is damaged");
        }
    }

    private static byte[] stretch(char[] passphrase, byte[] salt) {
        Argon2BytesGenerator argon = new Argon2BytesGenerator();
        argon.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(salt)
                .withMemoryAsKB(64 * 1024)
                .withIterations(3)
                .withParallelism(1)
                .build());
        byte[] key = new byte[32];
        argon.generateBytes(passphrase, key);
        return key;
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
