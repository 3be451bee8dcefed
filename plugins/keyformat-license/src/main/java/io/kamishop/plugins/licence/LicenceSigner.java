package io.kamishop.plugins.licence;

import io.kamishop.api.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The store's Ed25519 licence key, kept in the plugin's key-value store, which the host seals at
 * rest with the master key. Made on the first start; {@code putIfAbsent} makes every node of a store
 * (and a second start racing the first) settle on the same key. Stored as
 * {@code <base64 PKCS#8 private>.<base64 X.509 public>}: the JDK's PKCS#8 encoding of an Ed25519 key
 * does not always carry the public half.
 */
final class LicenceSigner {

    /** The key-value store entry; a store upgraded from the app's own licence feature gets the old key here. */
    static final String STORE_KEY = "ed25519-signing-key";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private LicenceSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static LicenceSigner loadOrCreate(KeyValueStore store) {
        if (store.get(STORE_KEY).isEmpty()) {
            KeyPair fresh;
            try {
                fresh = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
            }
            store.putIfAbsent(
                    STORE_KEY,
                    Base64.getEncoder().encodeToString(fresh.getPrivate().getEncoded()) + "."
                            + Base64.getEncoder()
                                    .encodeToString(fresh.getPublic().getEncoded()));
        }
        String stored =
                store.get(STORE_KEY).orElseThrow(() -> new IllegalStateException("the licence key was not stored"));
        int dot = stored.indexOf('.');
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            return new LicenceSigner(
                    factory.generatePrivate(
                            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.substring(0, dot)))),
                    factory.generatePublic(
                            new X509EncodedKeySpec(Base64.getDecoder().decode(stored.substring(dot + 1)))));
        } catch (GeneralSecurityException | IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new IllegalStateException("the stored licence key does not load", e);
        }
    }

    byte[] sign(String text) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(text.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    boolean verify(String text, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(publicKey);
            signature.update(text.getBytes(StandardCharsets.US_ASCII));
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key as base64 of its X.509 SubjectPublicKeyInfo, what {@code X509EncodedKeySpec} reads. */
    String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }
}
