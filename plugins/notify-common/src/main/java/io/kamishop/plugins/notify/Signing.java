package io.kamishop.plugins.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC the group robots sign with (DingTalk, Feishu), each with its own choice of key and text. */
public final class Signing {

    private Signing() {}

    /** Base64 of HMAC-SHA256 of {@code text} keyed with {@code key}, both UTF-8. */
    public static String hmacSha256Base64(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
