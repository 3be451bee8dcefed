package io.kamishop.licence;

import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
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
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The store's Ed25519 licence key: created on first use (every node then loads the same one from the
 * database), private half sealed at rest. Signs licence texts; the public half verifies them anywhere.
 */
final class LicenceSigner {

    private static final String NAME = "licence-ed25519";
    private static final String AAD = "licence signing key " + NAME;

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private LicenceSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static LicenceSigner load(Database database, SecretBox box, Clock clock) {
        Optional<LicenceSigner> stored = read(database, box);
        if (stored.isPresent()) {
            return stored.get();
        }
        KeyPair fresh;
        try {
            fresh = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
        String publicB64 = Base64.getEncoder().encodeToString(fresh.getPublic().getEncoded());
        String sealed = box.sealText(Base64.getEncoder().encodeToString(fresh.getPrivate().getEncoded()), AAD);
        try {
            database.write(h -> h.createUpdate("INSERT INTO licence_signing_keys (name, public_key, sealed_private, created_at) "
                    + "SELECT :name, :pub, :sealed, :now WHERE NOT EXISTS (SELECT 1 FROM licence_signing_keys WHERE name = :name)")
                    .bind("name", NAME).bind("pub", publicB64).bind("sealed", sealed).bind("now", clock.millis()).execute());
        } catch (UnableToExecuteStatementException e) {
            // Another node stored its key first (primary key clash): use that one, below.
        }
        return read(database, box).orElseThrow(() -> new IllegalStateException("the licence key was not stored"));
    }

    private static Optional<LicenceSigner> read(Database database, SecretBox box) {
        return database.read(h -> h.createQuery("SELECT public_key, sealed_private FROM licence_signing_keys WHERE name = :name")
                .bind("name", NAME)
                .map((rs, ctx) -> {
                    try {
                        KeyFactory factory = KeyFactory.getInstance("Ed25519");
                        PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(rs.getString(1))));
                        PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(
                                Base64.getDecoder().decode(box.openText(rs.getString(2), AAD))));
                        return new LicenceSigner(priv, pub);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("the stored licence key does not load", e);
                    }
                }).findOne());
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
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The public key as base64 of its X.509 SubjectPublicKeyInfo, what {@code X509EncodedKeySpec} reads. */
    String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }
}
