package io.kamishop.plugins.epay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * EPay's two signatures, over one signed text: every non-empty parameter except {@code sign} and
 * {@code sign_type}, sorted by name, written {@code k=v} with the raw (not URL-encoded) value and
 * joined with {@code &}, as UTF-8 (PHP's {@code ksort} and {@code getSignContent} of the aggregator's SDK).
 *
 * <ul>
 *   <li>V1: {@code sign} = lowercase hex MD5 of the signed text followed directly by the merchant key.</li>
 *   <li>V2: {@code sign} = base64 SHA256withRSA of the signed text (which includes {@code timestamp}):
 *       requests with the merchant's private key, answers and notifications with the platform's.</li>
 * </ul>
 */
final class EpaySignature {

    private EpaySignature() {}

    static String signedText(Map<String, String> params) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(params).forEach((key, value) -> {
            if (!key.equals("sign") && !key.equals("sign_type") && value != null && !value.isEmpty()) {
                if (text.length() > 0) {
                    text.append('&');
                }
                text.append(key).append('=').append(value);
            }
        });
        return text.toString();
    }

    static String md5(Map<String, String> params, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest((signedText(params) + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** Constant-time, so a forger cannot learn the signature byte by byte from our answer times. */
    static boolean md5Holds(Map<String, String> params, String key, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                md5(params, key).getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String rsa(Map<String, String> params, PrivateKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signedText(params).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the merchant private key", e);
        }
    }

    /** False for any malformed signature too: a forged notification must never raise anything but a refusal. */
    static boolean rsaHolds(Map<String, String> params, PublicKey key, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(signedText(params).getBytes(StandardCharsets.UTF_8));
            return rsa.verify(Base64.getMimeDecoder().decode(presented));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
