package io.kamishop.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.crypto.KeyRing;
import io.kamishop.crypto.Keys;
import io.kamishop.crypto.MasterKey;
import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A store that sold licences with the former built-in licence feature keeps them valid once the plugin signs. */
class LegacyLicenceKeyTest {

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A licence as the built-in feature signed it (same KSL1 format). */
    static String legacyLicence(KeyPair key, long productId) throws Exception {
        String payload =
                "{\"v\":1,\"lid\":\"old\",\"pid\":" + productId + ",\"product\":\"Pro\",\"iat\":1,\"exp\":null}";
        String signed = "KSL1."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key.getPrivate());
        ed25519.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(ed25519.sign());
    }

    @Test
    void theBuiltInKeyIsHandedToThePluginSoLicencesAlreadySoldKeepVerifying() throws Exception {
        Path dir = io.kamishop.testing.ScratchDirs.create("feature-notify-legacy");
        KeyPair legacy = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String licence = legacyLicence(legacy, 42);
        try (TestStore store = TestStore.builder().dataDir(dir).start()) {
            // Make this store look like one from before the plugin: the old key row, and no plugin key yet.
            Database database = store.app().database();
            Keys keys =
                    KeyRing.open(database, MasterKey.load(store.app().config().masterKey(), dir), Clock.systemUTC());
            String sealed = keys.licenceSigningKey()
                    .sealText(b64(legacy.getPrivate().getEncoded()), "licence signing key licence-ed25519");
            database.write(tx -> Handles.of(tx)
                    .execute(
                            "INSERT INTO licence_signing_keys (name, public_key, sealed_private, created_at) "
                                    + "VALUES ('licence-ed25519', ?, ?, 0)",
                            b64(legacy.getPublic().getEncoded()),
                            sealed));
            database.write(tx -> Handles.of(tx).execute("DELETE FROM plugin_kv WHERE plugin_id = 'keyformat-license'"));
            assertThat(store.http()
                            .postJson("/api/licences/verify", Map.of("licence", licence))
                            .json()
                            .get("valid")
                            .asBoolean())
                    .as("the running plugin still signs with its own key")
                    .isFalse();
        }

        try (TestStore upgraded = TestStore.builder().dataDir(dir).start()) {
            assertThat(upgraded.http()
                            .get("/api/licences/public-key")
                            .json()
                            .get("publicKey")
                            .asText())
                    .isEqualTo(b64(legacy.getPublic().getEncoded()));
            assertThat(upgraded.http()
                            .postJson("/api/licences/verify", Map.of("licence", licence))
                            .json()
                            .get("valid")
                            .asBoolean())
                    .isTrue();
        }
        try (TestStore again = TestStore.builder().dataDir(dir).start()) {
            assertThat(again.http()
                            .get("/api/licences/public-key")
                            .json()
                            .get("publicKey")
                            .asText())
                    .as("a second start changes nothing")
                    .isEqualTo(b64(legacy.getPublic().getEncoded()));
        }
    }
}
