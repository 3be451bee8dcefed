package io.kamishop.plugins.wechat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens the {@code resource} of a callback: {@code AEAD_AES_256_GCM} with the merchant's APIv3 key,
 * the resource's {@code nonce} (12 characters) and {@code associated_data}; the base64
 * {@code ciphertext} ends with the 16-byte tag
 * (<a href="https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_2.shtml">证书和回调报文解密</a>).
 * A resource that does not open was not sealed with this merchant's key: it is refused, never guessed at.
 */
final class ResourceCipher {

    static final String ALGORITHM = "AEAD_AES_256_GCM";
    private static final int TAG_BITS = 128;

    private ResourceCipher() {}

    static String open(byte[] apiV3Key, String nonce, String associatedData, String ciphertext)
            throws GeneralSecurityException {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("ciphertext is not base64");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(apiV3Key, "AES"),
                new GCMParameterSpec(TAG_BITS, nonce.getBytes(StandardCharsets.UTF_8)));
        if (associatedData != null && !associatedData.isEmpty()) {
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        }
        return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
    }
}
