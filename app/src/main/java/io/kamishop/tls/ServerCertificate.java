package io.kamishop.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A certificate chain (leaf first) and its private key: what the HTTPS connector presents. Read from
 * PEM as certbot, acme.sh or a corporate CA write it, whatever the key's format (PKCS#8, PKCS#1
 * "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY"); encrypted keys are refused with a clear message.
 */
public record ServerCertificate(List<X509Certificate> chain, PrivateKey key) {

    /** The password of the in-memory key store Jetty reads; it never touches a disk. */
    static final char[] STORE_PASSWORD = "kamishop".toCharArray();

    static final String ALIAS = "kamishop";

    public ServerCertificate {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in the chain");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Parses a PEM chain and a PEM private key; fails with a message an operator can act on. */
    public static ServerCertificate fromPem(String chainPem, String keyPem) {
        List<X509Certificate> chain;
        try {
            chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)))
                    .stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the certificate file is not a PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the certificate file holds no certificate");
        }
        PrivateKey key = privateKey(keyPem);
        ServerCertificate certificate = new ServerCertificate(chain, key);
        certificate.checkKeyMatches();
        return certificate;
    }

    private static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    // PKCS#1 or SEC1; a SEC1 key may leave out its public half, so take only the private one.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (item.getClass().getSimpleName().contains("Encrypted")) {
                    throw new IllegalArgumentException(
                            "the private key file is encrypted: give the server an unencrypted key "
                                    + "readable only by its user (chmod 600)");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the private key file is not PEM: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the private key file holds no private key");
    }

    /** A chain whose leaf was issued for another key would fail every handshake: refuse it up front. */
    private void checkKeyMatches() {
        try {
            String algorithm = leaf().getPublicKey().getAlgorithm().equals("EC")
                    ? "SHA256withECDSA"
                    : leaf().getPublicKey().getAlgorithm().equals("RSA") ? "SHA256withRSA" : null;
            if (algorithm == null) {
                return; // Ed25519 and others: the handshake will tell
            }
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            byte[] probe = "kamishop key check".getBytes(StandardCharsets.US_ASCII);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(leaf().getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the private key does not belong to the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the private key does not belong to the certificate (" + e.getMessage() + ")", e);
        }
    }

    /** An in-memory key store holding this chain and key, for Jetty's SslContextFactory. */
    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, STORE_PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store from a valid certificate", e);
        }
    }

    public String chainPem() {
        return pem(chain.toArray());
    }

    /** The key as PKCS#8 ("PRIVATE KEY"), the form every tool reads. */
    public String keyPem() {
        try {
            return pem(new JcaPKCS8Generator(key, null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot write the private key as PEM", e);
        }
    }

    private static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        // Never the key: this record may end up in a log line.
        return "ServerCertificate[" + leaf().getSubjectX500Principal().getName() + ", until " + notAfter() + "]";
    }
}
