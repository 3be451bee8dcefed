package io.kamishop.settings;

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
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link SettingDefinition.Type#PRIVATE_KEY} or {@link SettingDefinition.Type#PUBLIC_KEY}
 * setting the way a plugin will, so that a key a gateway plugin cannot use is refused when the
 * merchant saves it (with a sentence saying what was pasted instead), not found out at the first payment.
 */
final class KeySettingCheck {

    /** What the JDK reads, in the order a pasted key most likely is. */
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private KeySettingCheck() {}

    /** What is wrong with the value, or {@code null} when a plugin can read it. */
    static SettingsValidator.@Nullable Problem problem(SettingDefinition definition, String value) {
        String text = value.strip();
        boolean wantPrivate = definition.type() == SettingDefinition.Type.PRIVATE_KEY;
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            return wantPrivate
                    ? SettingsValidator.Problem.of(
                            "key_pkcs1",
                            "is a PKCS#1/SEC1 key; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in key.pem)")
                    : SettingsValidator.Problem.of("key_private_here", "is a private key; paste the public key here");
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return SettingsValidator.Problem.of(
                    "key_encrypted",
                    "is encrypted with a password; paste the key without a password (openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der;
        try {
            der = der(text);
        } catch (IllegalArgumentException e) {
            return notAKey(wantPrivate);
        }
        Key key = wantPrivate ? privateKey(der) : publicKey(der);
        if (key == null) {
            if (wantPrivate && publicKey(der) != null) {
                return SettingsValidator.Problem.of(
                        "key_public_here", "is a public key or certificate; paste the private key here");
            }
            if (!wantPrivate && privateKey(der) != null) {
                return SettingsValidator.Problem.of(
                        "key_private_here", "is a private key; paste the public key or certificate here");
            }
            return notAKey(wantPrivate);
        }
        List<String> allowed = definition.options();
        if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> a.equalsIgnoreCase(key.getAlgorithm()))) {
            return new SettingsValidator.Problem(
                    "key_algorithm",
                    "is an " + key.getAlgorithm() + " key; this setting takes " + String.join(" or ", allowed),
                    key.getAlgorithm() + " → " + String.join(" / ", allowed));
        }
        return null;
    }

    private static SettingsValidator.Problem notAKey(boolean wantPrivate) {
        return wantPrivate
                ? SettingsValidator.Problem.of("key_not_private", "is not a PKCS#8 private key (PEM or base64)")
                : SettingsValidator.Problem.of("key_not_public", "is not a public key or certificate (PEM or base64)");
    }

    /**
     * Whether {@code publicText} is the public half of {@code privateText}. A gateway plugin's public-key
     * setting holds the gateway's key (it verifies what the gateway signs); the merchant's own public key
     * there is the commonest Alipay mistake (the open platform shows both side by side), and every
     * signature check would then fail at the first payment. RSA only: the JDK derives an RSA public key
     * from a PKCS#8 private key (modulus and public exponent), but not an EC or EdDSA one.
     */
    static boolean isOwnPublicKey(String privateText, String publicText) {
        try {
            Key privateKey = privateKey(der(privateText.strip()));
            Key publicKey = publicKey(der(publicText.strip()));
            if (privateKey instanceof java.security.interfaces.RSAPrivateCrtKey own
                    && publicKey instanceof java.security.interfaces.RSAPublicKey given) {
                return own.getModulus().equals(given.getModulus())
                        && own.getPublicExponent().equals(given.getPublicExponent());
            }
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static @Nullable Key privateKey(byte[] der) {
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        return null;
    }

    private static @Nullable Key publicKey(byte[] der) {
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
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
