package io.kamishop.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

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

    static InputStream open(byte[] file, char[] passphrase) {
        if (!isEncrypted(file)) {
            return new ByteArrayInputStream(file);
        }
        if (passphrase == null) {
            throw new IllegalArgumentException("this backup is encrypted: set KAMISHOP_BACKUP_PASSPHRASE");
        }
        byte[] salt = Arrays.copyOfRange(file, MAGIC.length, MAGIC.length + 16);
        byte[] nonce = Arrays.copyOfRange(file, MAGIC.length + 16, MAGIC.length + 28);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(stretch(passphrase, salt), "AES"),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(MAGIC);
            return new ByteArrayInputStream(cipher.doFinal(file, MAGIC.length + 28, file.length - MAGIC.length - 28));
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("wrong passphrase, or the backup file is damaged");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
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

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
