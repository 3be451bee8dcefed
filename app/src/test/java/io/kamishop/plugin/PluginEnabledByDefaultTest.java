package io.kamishop.plugin;

import static io.kamishop.plugin.PluginLifecycleTest.channels;
import static io.kamishop.plugin.PluginLifecycleTest.plugin;
import static io.kamishop.plugin.PluginLifecycleTest.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plugin's manifest says whether it may run before the merchant has switched it on ({@code
 * Plugin-Enabled-By-Default}): it decides for the plugins the store installs itself (the bundled ones), so the host
 * knows no plugin by name. The merchant's own choice wins: switching on or off, and uploading a file (install and
 * start).
 */
class PluginEnabledByDefaultTest {

    private static final String OFF = "Plugin-Enabled-By-Default: false\n";

    @Test
    void theManifestEntryIsReadAndAnAbsentOneMeansEnabled() {
        assertThat(PluginArchive.inspect(TestPlugins.fixture("1.0.0", TestPlugins.REQUIRES_V1, OFF, Map.of()))
                        .enabledByDefault())
                .isFalse();
        assertThat(PluginArchive.inspect(TestPlugins.fixture(
                                "1.0.0", TestPlugins.REQUIRES_V1, "Plugin-Enabled-By-Default: true\n", Map.of()))
                        .enabledByDefault())
                .isTrue();
        assertThat(PluginArchive.inspect(TestPlugins.fixture("1.0.0", Map.of())).enabledByDefault())
                .isTrue();
    }

    @Test
    void aMerchantsUploadIsTheirChoiceToRunItWhateverTheManifestSays() {
        try (TestStore store = TestStore.start()) {
            Http.Answer installed = upload(store, TestPlugins.fixture("1.0.0", TestPlugins.REQUIRES_V1, OFF, Map.of()));
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            assertThat(installed.json().get("state").asText()).isEqualTo("started");
            assertThat(channels(store)).contains("fixture");
        }
    }

    @Test
    void aValueOtherThanTrueOrFalseIsRefusedAndInstallsNothing() {
        try (TestStore store = TestStore.start()) {
            Http.Answer refused = upload(
                    store,
                    TestPlugins.fixture(
                            "1.0.0", TestPlugins.REQUIRES_V1, "Plugin-Enabled-By-Default: maybe\n", Map.of()));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.errorCode()).isEqualTo("invalid_plugin");
            assertThat(refused.body()).contains("Plugin-Enabled-By-Default");
            assertThat(plugin(store, "fixture-plugin")).isNull();
        }
    }

    @Test
    void theBundledPluginsThatNeedSettingUpSayFalseInTheirOwnManifestsAndStartDisabled() {
        try (TestStore store = TestStore.start()) {
            for (String id : List.of(
                    "notify-webhook",
                    "notify-telegram",
                    "notify-bark",
                    "notify-serverchan",
                    "notify-wecom",
                    "notify-dingtalk",
                    "notify-feishu",
                    "archive-s3",
                    "human-turnstile",
                    "human-hcaptcha",
                    "human-geetest")) {
                assertThat(plugin(store, id)).as(id).isNotNull();
                assertThat(plugin(store, id).get("state").asText()).as(id).isEqualTo("disabled");
            }
            for (String id : List.of("payment-alipay", "payment-stripe", "risk-basic", "keyformat-license")) {
                assertThat(plugin(store, id).get("state").asText()).as(id).isEqualTo("started");
            }
        }
    }
}
