package io.kamishop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.SettingDefinition;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key settings are parsed before they are stored: what cannot be used is refused for its field. */
class KeySettingCheckTest {

    static final KeyPair RSA = generate("RSA");
    /** The gateway's pair: its public key is what a public-key setting holds. */
    static final KeyPair GATEWAY = generate("RSA");

    static final KeyPair EC = generate("EC");
    static final List<SettingDefinition> SCHEMA = List.of(
            SettingDefinition.privateKey("privateKey", "Private key", "RSA"),
            SettingDefinition.publicKey("publicKey", "Public key", "RSA"));

    static KeyPair generate(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static Map<String, String> problems(String privateKey, String publicKey) {
        return SettingsValidator.problems(SCHEMA, Map.of("privateKey", privateKey, "publicKey", publicKey), Map.of());
    }

    @Test
    void pemAndBareBase64KeysAreAccepted() {
        assertThat(problems(
                        pem("PRIVATE KEY", RSA.getPrivate().getEncoded()),
                        pem("PUBLIC KEY", GATEWAY.getPublic().getEncoded())))
                .isEmpty();
        assertThat(problems(
                        Base64.getEncoder().encodeToString(RSA.getPrivate().getEncoded()),
                        Base64.getEncoder().encodeToString(GATEWAY.getPublic().getEncoded())))
                .isEmpty();
        // Flattened onto one line, as a copy out of a web page sometimes is.
        assertThat(problems(
                        pem("PRIVATE KEY", RSA.getPrivate().getEncoded()).replace("\n", " "),
                        pem("PUBLIC KEY", GATEWAY.getPublic().getEncoded()).replace("\n", " ")))
                .isEmpty();
    }

    @Test
    void aKeyThatDoesNotParseIsRefusedForItsFieldWithAReason() {
        String publicPem = pem("PUBLIC KEY", RSA.getPublic().getEncoded());
        String privatePem = pem("PRIVATE KEY", RSA.getPrivate().getEncoded());

        assertThat(problems("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", publicPem)).containsOnlyKeys("privateKey");
        assertThat(problems("not a key at all", publicPem).get("privateKey")).contains("PKCS#8");
        assertThat(problems(publicPem, privatePem))
                .containsEntry("privateKey", "is a public key or certificate; paste the private key here")
                .containsEntry("publicKey", "is a private key; paste the public key or certificate here");
        assertThat(problems("-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----", publicPem)
                        .get("privateKey"))
                .contains("openssl pkcs8");
        assertThat(problems(
                        pem("PRIVATE KEY", EC.getPrivate().getEncoded()),
                        pem("PUBLIC KEY", EC.getPublic().getEncoded())))
                .containsEntry("privateKey", "is an EC key; this setting takes RSA")
                .containsEntry("publicKey", "is an EC key; this setting takes RSA");
    }

    @Test
    void aStoredKeyIsNotCheckedAgainWhenOtherFieldsAreSaved() {
        Map<String, String> problems = SettingsValidator.problems(
                SCHEMA,
                Map.of("publicKey", pem("PUBLIC KEY", RSA.getPublic().getEncoded())),
                Map.of("privateKey", "stored before this check existed"));
        assertThat(problems).isEmpty();
    }

    @Test
    void theStoresOwnPublicKeyIsRefusedWhereTheGatewaysBelongs() {
        String own = pem("PUBLIC KEY", RSA.getPublic().getEncoded());
        Map<String, SettingsValidator.Problem> both = SettingsValidator.check(
                SCHEMA,
                Map.of("privateKey", pem("PRIVATE KEY", RSA.getPrivate().getEncoded()), "publicKey", own),
                Map.of());
        assertThat(both).containsOnlyKeys("publicKey");
        assertThat(both.get("publicKey").code()).isEqualTo("own_public_key");
        assertThat(both.get("publicKey").message()).contains("own private key (Private key)");

        // Also when only the public key is saved and the private key is the stored one, and as a certificate-free
        // base64.
        assertThat(SettingsValidator.problems(
                        SCHEMA,
                        Map.of(
                                "publicKey",
                                Base64.getEncoder()
                                        .encodeToString(RSA.getPublic().getEncoded())),
                        Map.of(
                                "privateKey",
                                Base64.getEncoder()
                                        .encodeToString(RSA.getPrivate().getEncoded()))))
                .containsOnlyKeys("publicKey");
        // And when a new private key is saved whose public half is the stored "gateway" key.
        assertThat(SettingsValidator.problems(
                        SCHEMA,
                        Map.of(
                                "privateKey",
                                pem("PRIVATE KEY", GATEWAY.getPrivate().getEncoded())),
                        Map.of(
                                "publicKey",
                                pem("PUBLIC KEY", GATEWAY.getPublic().getEncoded()))))
                .containsOnlyKeys("publicKey");
    }
}
