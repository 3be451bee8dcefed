package io.kamishop.plugins.alipay;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the keys the merchant pastes from Alipay's open platform: the app's private key as PKCS#8
 * and Alipay's public key as X.509, either bare base64 (how the platform shows them) or PEM.
 */
final class AlipayKeys {

    private AlipayKeys() {}

    static PrivateKey privateKey(String text) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // "BEGIN RSA PRIVATE KEY" (PKCS#1) lands here too: Alipay's tool can export either; we ask for PKCS#8.
            throw new IllegalArgumentException(
                    "merchantPrivateKey is not an RSA private key in PKCS#8 (base64 or PEM)");
        }
    }

    static PublicKey publicKey(String text) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("alipayPublicKey is not an RSA public key in X.509 (base64 or PEM)");
        }
    }

    /** The DER bytes of a bare base64 or PEM text; PEM armour lines and all whitespace are dropped. */
    private static byte[] der(String text) {
        StringBuilder base64 = new StringBuilder();
        for (String line : text.strip().split("\\R")) {
            if (!line.startsWith("-----")) {
                base64.append(line.replaceAll("\\s", ""));
            }
        }
        return Base64.getDecoder().decode(base64.toString());
    }
}
