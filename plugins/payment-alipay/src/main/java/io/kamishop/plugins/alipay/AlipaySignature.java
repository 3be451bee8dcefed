package io.kamishop.plugins.alipay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alipay's RSA2 scheme (SHA256withRSA, base64), on the JDK alone.
 *
 * <p>The signed text is every non-empty parameter except the excluded ones, sorted by name, written
 * {@code k=v} with the raw (not URL-encoded) value and joined with {@code &}, as UTF-8 bytes. Requests
 * exclude only {@code sign}; notifications exclude {@code sign} and {@code sign_type}.
 * See https://opendocs.alipay.com/common/02kf5q (签名) and https://opendocs.alipay.com/common/02mse7 (验签).
 */
final class AlipaySignature {

    static final Set<String> REQUEST_EXCLUDED = Set.of("sign");
    static final Set<String> NOTIFICATION_EXCLUDED = Set.of("sign", "sign_type");

    private AlipaySignature() {}

    static String canonical(Map<String, String> params, Set<String> excluded) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(params).forEach((key, value) -> {
            if (!excluded.contains(key) && value != null && !value.isEmpty()) {
                if (text.length() > 0) {
                    text.append('&');
                }
                text.append(key).append('=').append(value);
            }
        });
        return text.toString();
    }

    static String sign(String text, PrivateKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the merchant private key", e);
        }
    }

    /** False for any malformed signature too: a forged notification must never raise anything but a refusal. */
    static boolean verify(String text, String signature, PublicKey key) {
        return verify(text, signature, key, StandardCharsets.UTF_8);
    }

    /** Alipay signs the bytes of the text in the charset the message declares. */
    static boolean verify(String text, String signature, PublicKey key, java.nio.charset.Charset charset) {
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(text.getBytes(charset));
            return rsa.verify(Base64.getMimeDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
