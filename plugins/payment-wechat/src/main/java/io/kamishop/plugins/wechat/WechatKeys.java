package io.kamishop.plugins.wechat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the keys a merchant downloads from the WeChat Pay merchant platform: the merchant API
 * private key ({@code apiclient_key.pem}, PKCS#8) and WeChat Pay's key that signs answers and
 * callbacks, either the platform public key ({@code pub_key.pem}, with its {@code PUB_KEY_ID_...})
 * or, for merchants not yet moved to it, a platform certificate (whose serial number is its id).
 */
final class WechatKeys {

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /** WeChat Pay's signing key and the id its {@code Wechatpay-Serial} header names it by. */
    record PlatformKey(String id, PublicKey key) {}

    private WechatKeys() {}

    static PrivateKey merchantPrivateKey(String text) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "merchantPrivateKey is not an RSA private key in PKCS#8 (apiclient_key.pem)");
        }
    }

    /**
     * The platform key: a public key is named by the configured id; a certificate by its own serial
     * number (upper-case hex, as {@code Wechatpay-Serial} carries it), and a configured id must agree.
     */
    static PlatformKey platformKey(String text, Optional<String> configuredId) {
        byte[] der;
        try {
            der = der(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("platformPublicKey is not PEM or base64");
        }
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            String id = configuredId.orElseThrow(() -> new IllegalArgumentException(
                    "platformPublicKeyId is required with a platform public key (PUB_KEY_ID_...)"));
            return new PlatformKey(id, key);
        } catch (GeneralSecurityException e) {
            // not a bare public key: a certificate, perhaps
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("platformPublicKey is neither an RSA public key nor a certificate");
        }
        if (!"RSA".equals(certificate.getPublicKey().getAlgorithm())) {
            throw new IllegalArgumentException("platformPublicKey's certificate does not carry an RSA key");
        }
        String serial = serialOf(certificate.getSerialNumber());
        if (configuredId.isPresent() && !configuredId.get().equalsIgnoreCase(serial)) {
            throw new IllegalArgumentException(
                    "platformPublicKeyId does not match the certificate's serial number " + serial);
        }
        return new PlatformKey(serial, certificate.getPublicKey());
    }

    /** A certificate serial as WeChat Pay and its SDKs write it: upper-case hex of the number. */
    static String serialOf(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    private static byte[] der(String text) {
        Matcher block = PEM.matcher(text);
        String base64 = (block.find() ? block.group(2) : text).replaceAll("\\s", "");
        if (base64.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return Base64.getDecoder().decode(base64);
    }
}
