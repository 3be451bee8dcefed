package io.kamishop.plugins.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlipaySignatureTest {

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    @Test
    void canonicalStringSortsNonEmptyParametersAndLeavesOutTheSignature() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("method", "alipay.trade.page.pay");
        params.put("app_id", "2021000000000001");
        params.put("sign", "abc");
        params.put("sign_type", "RSA2");
        params.put("empty", "");
        params.put("biz_content", "{\"a\":\"x y&z\"}");

        assertThat(AlipaySignature.canonical(params, AlipaySignature.REQUEST_EXCLUDED))
                .isEqualTo(
                        "app_id=2021000000000001&biz_content={\"a\":\"x y&z\"}&method=alipay.trade.page.pay&sign_type=RSA2");
        assertThat(AlipaySignature.canonical(params, AlipaySignature.NOTIFICATION_EXCLUDED))
                .isEqualTo("app_id=2021000000000001&biz_content={\"a\":\"x y&z\"}&method=alipay.trade.page.pay");
    }

    @Test
    void aSignatureVerifiesOnlyForTheSignedTextAndKey() throws Exception {
        KeyPair merchant = rsa();
        KeyPair other = rsa();
        String signature = AlipaySignature.sign("a=1&b=2", merchant.getPrivate());

        assertThat(AlipaySignature.verify("a=1&b=2", signature, merchant.getPublic()))
                .isTrue();
        assertThat(AlipaySignature.verify("a=1&b=3", signature, merchant.getPublic()))
                .isFalse();
        assertThat(AlipaySignature.verify("a=1&b=2", signature, other.getPublic()))
                .isFalse();
        assertThat(AlipaySignature.verify("a=1&b=2", "not base64 %%", merchant.getPublic()))
                .isFalse();
        assertThat(AlipaySignature.verify("a=1&b=2", null, merchant.getPublic()))
                .isFalse();
    }

    @Test
    void keysAreReadAsBareBase64OrPem() throws Exception {
        KeyPair pair = rsa();
        String bare = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        String publicPem = "-----BEGIN PUBLIC KEY-----\r\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\r\n-----END PUBLIC KEY-----";

        assertThat(AlipayKeys.privateKey(bare)).isEqualTo(pair.getPrivate());
        assertThat(AlipayKeys.privateKey(pem)).isEqualTo(pair.getPrivate());
        assertThat(AlipayKeys.publicKey(publicPem)).isEqualTo(pair.getPublic());
        assertThatThrownBy(() -> AlipayKeys.privateKey("bm90IGEga2V5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("bm90");
    }
}
