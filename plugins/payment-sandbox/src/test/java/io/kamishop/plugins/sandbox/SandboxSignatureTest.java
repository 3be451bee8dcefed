package io.kamishop.plugins.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SandboxSignatureTest {

    private static String fresh(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void aChangedSecretSignsWithTheNewSecretAndTheOldOneStillVerifiesItsOwn() throws Exception {
        byte[] body = "{\"orderNo\":\"1\",\"amount\":100,\"tradeNo\":\"T\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(SandboxSignature.sign("first-secret", body)).isEqualTo(fresh("first-secret", body));
        assertThat(SandboxSignature.sign("first-secret", body))
                .as("signed twice, same answer")
                .isEqualTo(fresh("first-secret", body));
        assertThat(SandboxSignature.sign("second-secret", body)).isEqualTo(fresh("second-secret", body));
        assertThat(SandboxSignature.verify(
                        "first-secret", body, fresh("first-secret", body).toUpperCase()))
                .isTrue();
        assertThat(SandboxSignature.verify("second-secret", body, fresh("first-secret", body)))
                .isFalse();
    }
}
