package io.kamishop.plugin;

import io.kamishop.api.SettingDefinition;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link SettingDefinition.Type#PRIVATE_KEY} or {@link SettingDefinition.Type#PUBLIC_KEY}
 * setting the way a plugin will, so that a key a gateway plugin cannot use is refused when the
 * merchant saves it (with a sentence saying what was pasted instead), not found out at the first payment.
 */
final class KeySettingCheck {

    /** What the JDK reads, in the order a pasted key most likely is. */
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private KeySettingCheck() {
    }

    /** A sentence about what is wrong with the value, or {@code null} when a plugin can read it. */
    static String problem(SettingDefinition definition, String value) {
        String text = value.strip();
        boolean wantPrivate = definition.type() == SettingDefinition.Type.PRIVATE_KEY;
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            return wantPrivate
                    ? "is a PKCS#1/SEC1 key; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in key.pem)"
                    : "is a private key; paste the public key here";
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return "is encrypted with a password; paste the key without a password (openssl pkcs8 -topk8 -nocrypt)";
        }
        byte[] der;
        try {
            der = der(text);
        } catch (IllegalArgumentException e) {
            return wantPrivate ? "is not a PKCS#8 private key (PEM or base64)" : "is not a public key or certificate (PEM or base64)";
        }
        Key key = wantPrivate ? privateKey(der) : publicKey(der);
        if (key == null) {
            if (wantPrivate && publicKey(der) != null) {
                return "is a public key or certificate; paste the private key here";
            }
            if (!wantPrivate && privateKey(der) != null) {
                return "is a private key; paste the public key or certificate here";
            }
            return wantPrivate ? "is not a PKCS#8 private key (PEM or base64)" : "is not a public key or certificate (PEM or base64)";
        }
        List<String> allowed = definition.options();
        if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> a.equalsIgnoreCase(key.getAlgorithm()))) {
            return "is an " + key.getAlgorithm() + " key; this setting takes " + String.join(" or ", allowed);
        }
        return null;
    }

    private static Key privateKey(byte[] der) {
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        return null;
    }

    private static Key publicKey(byte[] der) {
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** The DER of the first PEM block (also when pasted on one line), or of bare base64. */
    private static byte[] der(String text) {
        Matcher block = PEM.matcher(text);
        String base64 = (block.find() ? block.group(2) : text).replaceAll("\\s", "");
        if (base64.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return Base64.getDecoder().decode(base64);
    }
}
