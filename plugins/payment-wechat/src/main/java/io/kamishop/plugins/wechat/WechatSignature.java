package io.kamishop.plugins.wechat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API v3's signatures, SHA256withRSA both ways
 * (<a href="https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_0.shtml">签名生成</a>,
 * <a href="https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_1.shtml">签名验证</a>).
 *
 * <p>We sign each request over {@code METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n} with the merchant API
 * key and send it in {@code Authorization}. WeChat Pay signs each answer and each callback over
 * {@code TIMESTAMP\nNONCE\nBODY\n} with its platform key, in the {@code Wechatpay-Timestamp},
 * {@code -Nonce}, {@code -Signature} and {@code -Serial} headers; an empty answer (204) signs an
 * empty body, so its last line is the bare {@code \n}.
 */
final class WechatSignature {

    static final String SCHEME = "WECHATPAY2-SHA256-RSA2048";
    /**
     * How far a signed timestamp may be from our clock: the official SDKs' five minutes. An older
     * signature is a replay, whatever it signs; WeChat Pay signs every retry of a callback afresh.
     */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private WechatSignature() {}

    /** The {@code Authorization} header of a request; {@code canonicalUrl} is the path with its query, as sent. */
    static String authorization(WechatConfig config, String method, String canonicalUrl, String body, Instant now) {
        String timestamp = Long.toString(now.getEpochSecond());
        String nonce = nonce();
        String message = method + "\n" + canonicalUrl + "\n" + timestamp + "\n" + nonce + "\n" + body + "\n";
        return SCHEME + " mchid=\"" + config.mchId() + "\",nonce_str=\"" + nonce + "\",signature=\""
                + sign(message, config.merchantKey()) + "\",timestamp=\"" + timestamp + "\",serial_no=\""
                + config.merchantSerialNo() + "\"";
    }

    /** The four headers WeChat Pay signs an answer or callback with. */
    record Signed(String timestamp, String nonce, String signature, String serial) {
        static Optional<Signed> of(
                Optional<String> timestamp,
                Optional<String> nonce,
                Optional<String> signature,
                Optional<String> serial) {
            if (timestamp.isEmpty() || nonce.isEmpty() || signature.isEmpty() || serial.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Signed(
                    timestamp.get().strip(),
                    nonce.get().strip(),
                    signature.get().strip(),
                    serial.get().strip()));
        }
    }

    /**
     * Why a signed answer or callback is not WeChat Pay's, or empty when it is: the key it names must
     * be the configured platform key, its timestamp within {@link #MAX_SKEW}, its signature valid.
     */
    static Optional<String> problem(WechatConfig config, Signed signed, String body, Instant now) {
        if (!signed.serial().equalsIgnoreCase(config.platformKey().id())) {
            return Optional.of("signed with key " + abbreviate(signed.serial()) + ", not the configured platform key "
                    + config.platformKey().id());
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(signed.timestamp());
        } catch (NumberFormatException e) {
            return Optional.of("Wechatpay-Timestamp is not a number");
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > MAX_SKEW.toSeconds()) {
            return Optional.of("Wechatpay-Timestamp is more than " + MAX_SKEW.toMinutes()
                    + " minutes from now (replayed or a wrong clock)");
        }
        String message = signed.timestamp() + "\n" + signed.nonce() + "\n" + body + "\n";
        if (!verify(message, signed.signature(), config.platformKey().key())) {
            return Optional.of("Wechatpay-Signature does not verify with the platform key");
        }
        return Optional.empty();
    }

    static String sign(String message, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the merchant key", e);
        }
    }

    static boolean verify(String message, String signature, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // not base64, or not a signature of this key's size: not WeChat Pay's
        }
    }

    /** 32 random hex characters, as WeChat Pay's examples use. */
    static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
