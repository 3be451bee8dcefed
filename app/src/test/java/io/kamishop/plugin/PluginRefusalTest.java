package io.kamishop.plugin;

import static io.kamishop.plugin.PluginLifecycleTest.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import io.kamishop.testing.ZipBombs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/** Every refused file is a 422 that says why, and leaves the installed plugins exactly as they were. */
class PluginRefusalTest {

    private static void assertRefused(TestStore store, byte[] file, String code, String messagePart) {
        String before = store.http().adminGet("/api/admin/plugins").body();
        Http.Answer answer = upload(store, file);
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo(code);
        assertThat(answer.json().at("/error/message").asText()).contains(messagePart);
        assertThat(store.http().adminGet("/api/admin/plugins").body()).isEqualTo(before);
    }

    @Test
    void refusesAZipWhoseEntriesClimbOutOfThePluginFolder() {
        try (TestStore store = TestStore.start()) {
            byte[] good = TestPlugins.fixture("1.0.0", Map.of());
            assertRefused(
                    store,
                    TestPlugins.withEntries(good, Map.of("../../evil.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8))),
                    "unsafe_archive",
                    "../../evil.sh");
            assertRefused(
                    store,
                    TestPlugins.withEntries(good, Map.of("classes/../../../etc/cron.d/x", new byte[1])),
                    "unsafe_archive",
                    "outside the plugin folder");
            assertRefused(
                    store,
                    TestPlugins.withEntries(good, Map.of("/etc/passwd", new byte[1])),
                    "unsafe_archive",
                    "/etc/passwd");
            assertRefused(
                    store,
                    TestPlugins.withEntries(good, Map.of("C:/Windows/evil.dll", new byte[1])),
                    "unsafe_archive",
                    "C:/Windows");
            assertRefused(
                    store,
                    TestPlugins.withEntries(good, Map.of("classes/..", new byte[1])),
                    "unsafe_archive",
                    "classes/..");
            assertThat(Files.exists(store.dataDir().resolve("evil.sh"))).isFalse();
            assertThat(Files.exists(store.dataDir().getParent().resolve("evil.sh")))
                    .isFalse();
        }
    }

    @Test
    void aZipBombPluginIsATooLargeRefusalAndInstallsNothing() {
        try (TestStore store = TestStore.start()) {
            byte[] good = TestPlugins.fixture("1.0.0", Map.of());
            for (byte[] bomb : List.of(
                    ZipBombs.withZeros(good, Map.of(), "classes/zeros.bin", 64L * 1024 * 1024),
                    ZipBombs.manyEntries(good, 50_001))) {
                String before = store.http().adminGet("/api/admin/plugins").body();
                Http.Answer answer = upload(store, bomb);
                assertThat(answer.status()).as(answer.body()).isEqualTo(413);
                assertThat(answer.errorCode()).isEqualTo("archive_too_large");
                assertThat(store.http().adminGet("/api/admin/plugins").body()).isEqualTo(before);
            }
        }
    }

    @Test
    void refusesFilesThatAreNotPlugins() {
        try (TestStore store = TestStore.start()) {
            assertRefused(
                    store, "just some text".getBytes(StandardCharsets.UTF_8), "invalid_plugin", "not a plugin file");
            assertRefused(
                    store,
                    TestPlugins.zip(Map.of("readme.txt", "hi".getBytes(StandardCharsets.UTF_8))),
                    "invalid_plugin",
                    "no Plugin-Id");
            byte[] noExtensions = TestPlugins.zip(Map.of(
                    "META-INF/MANIFEST.MF",
                    "Manifest-Version: 1.0\nPlugin-Id: empty\nPlugin-Version: 1.0.0\nPlugin-Requires: >=1.0.0\n"
                            .getBytes(StandardCharsets.UTF_8)));
            assertRefused(store, noExtensions, "invalid_plugin", "no Kamishop extension");
        }
    }

    @Test
    void refusesAPluginBuiltForAnotherApiVersion() {
        try (TestStore store = TestStore.start()) {
            assertRefused(
                    store,
                    TestPlugins.fixture("1.0.0", ">=2.0.0 & <3.0.0", Map.of()),
                    "plugin_incompatible",
                    "requires plugin API >=2.0.0 & <3.0.0, but this store offers plugin API 1.");
            assertRefused(
                    store, TestPlugins.fixture("1.0.0", null, Map.of()), "plugin_incompatible", "Plugin-Requires");
            assertRefused(
                    store,
                    TestPlugins.fixture("1.0.0", "banana", Map.of()),
                    "plugin_incompatible",
                    "not a version range");
        }
    }

    @Test
    void refusesASecondChannelWithAnIdAlreadyTaken() {
        try (TestStore store = TestStore.start()) {
            assertRefused(
                    store,
                    TestPlugins.fixture("1.0.0", Map.of("channelId", "sandbox")),
                    "duplicate_extension",
                    "PaymentChannel 'sandbox' is already provided by plugin payment-sandbox");
        }
    }

    @Test
    void whenSignaturesAreRequiredOnlyFilesSignedByATrustedPublisherInstall() {
        Ed25519PrivateKeyParameters trusted = new Ed25519PrivateKeyParameters(new SecureRandom());
        Ed25519PrivateKeyParameters stranger = new Ed25519PrivateKeyParameters(new SecureRandom());
        String publicKey =
                Base64.getEncoder().encodeToString(trusted.generatePublicKey().getEncoded());
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_REQUIRE_SIGNED_PLUGINS", "true")
                .env("KAMISHOP_TRUSTED_PLUGIN_KEYS", "acme=" + publicKey)
                .start()) {
            // The bundled sandbox was signed by the build, so it still runs.
            assertThat(PluginLifecycleTest.plugin(store, "payment-sandbox")
                            .get("signed")
                            .asBoolean())
                    .isTrue();
            assertThat(PluginLifecycleTest.plugin(store, "payment-sandbox")
                            .get("state")
                            .asText())
                    .isEqualTo("started");

            byte[] jar = TestPlugins.fixture("1.0.0", Map.of());
            assertRefused(store, jar, "signature_required", "not signed");
            assertRefused(store, PluginSignatures.sign(jar, "acme", stranger), "signature_invalid", "does not match");
            assertRefused(store, PluginSignatures.sign(jar, "mallory", stranger), "signature_untrusted", "mallory");
            byte[] signed = PluginSignatures.sign(jar, "acme", trusted);
            byte[] tampered = TestPlugins.withEntries(
                    signed, Map.of("fixture.properties", "channelId=evil\n".getBytes(StandardCharsets.UTF_8)));
            assertRefused(store, tampered, "signature_invalid", "changed after it was signed");

            Http.Answer installed = upload(store, signed);
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            assertThat(installed.json().get("signed").asBoolean()).isTrue();
        }
    }

    @Test
    void withoutTheRequirementUnsignedPluginsInstallAndAreListedUnsigned() {
        try (TestStore store = TestStore.start()) {
            Http.Answer installed = upload(store, TestPlugins.fixture("1.0.0", Map.of()));
            assertThat(installed.status()).isEqualTo(201);
            assertThat(installed.json().get("signed").asBoolean()).isFalse();
            assertThat(PluginLifecycleTest.plugin(store, "payment-sandbox")
                            .get("signed")
                            .asBoolean())
                    .isTrue();
        }
    }

    @Test
    void aPluginSecretIsNeverReadableInPlaintextInTheDataDirOrTheApi() throws Exception {
        String secret = "sk_live_PLAINTEXT_CANARY_7f3a9";
        String token = "legacy_PLAINTEXT_CANARY_b41c";
        try (TestStore store = TestStore.start()) {
            assertThat(upload(store, TestPlugins.fixture("1.0.0", Map.of("schema", "v1")))
                            .status())
                    .isEqualTo(201);
            Http.Answer saved = store.http()
                    .adminPutJson(
                            "/api/admin/plugins/fixture-plugin/config",
                            Map.of("apiKey", secret, "legacyToken", token, "greeting", "hi"));
            assertThat(saved.body()).doesNotContain(secret, token);
            // v2 drops legacyToken: it is set aside, still sealed.
            assertThat(upload(store, TestPlugins.fixture("2.0.0", Map.of("schema", "v2")))
                            .body())
                    .doesNotContain(secret);
            for (String path : new String[] {
                "/api/admin/plugins",
                "/api/admin/plugins/fixture-plugin",
                "/api/admin/plugins/fixture-plugin/config",
                "/api/admin/plugins/fixture-plugin/metrics",
                "/api/channels"
            }) {
                assertThat(store.http().adminGet(path).body()).as(path).doesNotContain(secret, token);
            }
            assertThat(store.app().plugins().settingsStore().stored("fixture-plugin"))
                    .containsEntry("apiKey", secret);
            assertNoFileContains(store.dataDir(), secret, token);
        }
    }

    static void assertNoFileContains(Path dir, String... needles) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String needle : needles) {
                    assertThat(content).as(file.toString()).doesNotContain(needle);
                    assertThat(content)
                            .as(file + " (UTF-16)")
                            .doesNotContain(new String(
                                    needle.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1));
                }
            }
        }
    }
}
