package io.kamishop.plugin;

import static io.kamishop.plugin.PluginLifecycleTest.plugin;
import static io.kamishop.plugin.PluginLifecycleTest.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.Kamishop;
import io.kamishop.api.SettingDefinition;
import io.kamishop.config.AppConfig;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the host once knew of the sandbox channel by its id, each now the plugin's own declaration: its
 * manifest's {@code Plugin-Test-Only} (the admin's {@code sandbox_enabled} warning) and
 * {@code Plugin-Enabled-In-Demo} ({@code --demo} runs it), and its secret's
 * {@link SettingDefinition#withEnvironmentVariable} ({@code KAMISHOP_SANDBOX_SECRET}). Shown here with the
 * fixture plugin, which the host does not know either.
 */
class PluginDeclarationsTest {

    private static final String TEST_ONLY = "Plugin-Test-Only: true\n";
    private static final String IN_DEMO = "Plugin-Enabled-In-Demo: true\n";

    @Test
    void theManifestEntriesAreReadAndAbsentOnesMeanNo() {
        PluginArchive declared = PluginArchive.inspect(
                TestPlugins.fixture("1.0.0", TestPlugins.REQUIRES_V1, TEST_ONLY + IN_DEMO, Map.of()));
        assertThat(declared.testOnly()).isTrue();
        assertThat(declared.enabledInDemo()).isTrue();
        PluginArchive plain = PluginArchive.inspect(TestPlugins.fixture("1.0.0", Map.of()));
        assertThat(plain.testOnly()).isFalse();
        assertThat(plain.enabledInDemo()).isFalse();
        assertThat(plain.enabledByDefault()).isTrue();
    }

    @Test
    void aValueOtherThanTrueOrFalseIsRefusedAndInstallsNothing() {
        try (TestStore store = TestStore.start()) {
            for (String entry : List.of("Plugin-Test-Only", "Plugin-Enabled-In-Demo")) {
                Http.Answer refused = upload(
                        store, TestPlugins.fixture("1.0.0", TestPlugins.REQUIRES_V1, entry + ": yes\n", Map.of()));
                assertThat(refused.status()).as(entry).isEqualTo(422);
                assertThat(refused.errorCode()).isEqualTo("invalid_plugin");
                assertThat(refused.body()).contains(entry);
                assertThat(plugin(store, "fixture-plugin")).isNull();
            }
        }
    }

    private static List<JsonNode> sandboxWarnings(Http http) {
        Http.Answer answer = http.adminGet("/api/admin/warnings");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode warning : answer.json()) {
            // The API's shape stays {"code", "message"}: the plugin the admin page links to is not in it.
            assertThat(warning.size()).as(warning.toString()).isEqualTo(2);
            if (warning.get("code").asText().equals("sandbox_enabled")) {
                found.add(warning);
            }
        }
        return found;
    }

    @Test
    void aRunningPluginThatDeclaresItselfTestOnlyIsWarnedOfInTheApiAndOnEveryAdminPage() {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            assertThat(http.adminPost("/api/admin/plugins/payment-sandbox/disable")
                            .status())
                    .isEqualTo(200);
            assertThat(sandboxWarnings(http)).isEmpty();
            Http.Answer plain = upload(store, TestPlugins.fixture("1.0.0", Map.of()));
            assertThat(plain.status()).as(plain.body()).isEqualTo(201);
            assertThat(sandboxWarnings(http))
                    .as("a plugin that declares nothing")
                    .isEmpty();

            Http.Answer testOnly =
                    upload(store, TestPlugins.fixture("1.0.1", TestPlugins.REQUIRES_V1, TEST_ONLY, Map.of()));
            assertThat(testOnly.status()).as(testOnly.body()).isEqualTo(201);
            List<JsonNode> warnings = sandboxWarnings(http);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).get("message").asText())
                    .isEqualTo("The sandbox payment channel is on: anyone can pay with it and receive real keys."
                            + " Disable fixture-plugin unless you are testing.");

            http.adminPostJson("/api/admin/users", Map.of("username", "owner", "password", "test only password"));
            io.kamishop.admin.AdminClient browser = new io.kamishop.admin.AdminClient(
                    "http://localhost:" + store.app().port());
            assertThat(browser.signIn("owner", "test only password").status()).isEqualTo(303);
            assertThat(browser.get("/admin/orders").body())
                    .contains("data-code=\"sandbox_enabled\"")
                    .contains("href=\"/admin/plugins/fixture-plugin\"")
                    .doesNotContain("href=\"/admin/plugins/payment-sandbox\"");

            assertThat(http.adminPost("/api/admin/plugins/fixture-plugin/disable")
                            .status())
                    .isEqualTo(200);
            assertThat(sandboxWarnings(http)).as("disabled, it runs no more").isEmpty();
            assertThat(browser.get("/admin/orders").body()).doesNotContain("data-code=\"sandbox_enabled\"");
        }
    }

    private static Kamishop start(Path dir, boolean demo) {
        return Kamishop.start(
                AppConfig.load(
                        Map.of("KAMISHOP_ADMIN_TOKEN", TestStore.ADMIN_TOKEN), new AppConfig.Flags(dir, 0, null, demo)),
                Clock.systemUTC());
    }

    private static String state(Kamishop store, String pluginId) {
        return store.plugins().find(pluginId).orElseThrow().state();
    }

    @Test
    void theDemoRunsThePluginsThatDeclareItForThatRunOnly(@TempDir Path dir) {
        try (TestStore store = TestStore.builder().dataDir(dir).start()) {
            assertThat(upload(store, TestPlugins.fixture("1.0.0", TestPlugins.REQUIRES_V1, IN_DEMO, Map.of()))
                            .status())
                    .isEqualTo(201);
            store.app().plugins().disable("fixture-plugin");
            store.app().plugins().disable("payment-sandbox");
        }
        try (Kamishop demo = start(dir, true)) {
            assertThat(state(demo, "fixture-plugin")).isEqualTo("started");
            assertThat(state(demo, "payment-sandbox")).isEqualTo("started");
            assertThat(state(demo, "payment-alipay"))
                    .as("a plugin that does not declare it is as the merchant left it")
                    .isEqualTo("started");
            assertThat(state(demo, "notify-webhook")).isEqualTo("disabled");
        }
        try (Kamishop normal = start(dir, false)) {
            assertThat(state(normal, "fixture-plugin")).isEqualTo("disabled");
            assertThat(state(normal, "payment-sandbox")).isEqualTo("disabled");
        }
    }

    @Test
    void theBundledSandboxsSecretNamesItsOwnVariableAndTheHostHonoursIt() {
        try (TestStore store = TestStore.start()) {
            PluginHost host = store.app().plugins();
            List<SettingDefinition> schema = host.schema("payment-sandbox");
            assertThat(schema)
                    .filteredOn(d -> d.key().equals("secret"))
                    .singleElement()
                    .extracting(SettingDefinition::environmentVariable)
                    .isEqualTo("KAMISHOP_SANDBOX_SECRET");
            assertThat(host.settingsStore().value("payment-sandbox", "secret", schema))
                    .contains(TestStore.SANDBOX_SECRET);
            assertThat(store.http()
                            .adminGet("/api/admin/plugins/payment-sandbox/config")
                            .json()
                            .get("overridden"))
                    .extracting(JsonNode::asText)
                    .containsExactly("secret");
        }
        try (TestStore store =
                TestStore.builder().env("KAMISHOP_SANDBOX_SECRET", "").start()) {
            PluginHost host = store.app().plugins();
            assertThat(host.settingsStore().value("payment-sandbox", "secret", host.schema("payment-sandbox")))
                    .as("not set: the generated secret")
                    .get()
                    .isNotEqualTo(TestStore.SANDBOX_SECRET);
        }
    }

    /** The KAMISHOP_ names hold the store's master key and admin token: an uploaded plugin may not name one. */
    @Test
    void anUploadedPluginCannotReadTheStoresVariablesByNamingThem() {
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_PLUGIN_FIXTURE_PLUGIN_APIKEY", "its own variable")
                .start()) {
            Http.Answer installed = upload(store, TestPlugins.fixture("1.0.0", Map.of("schema", "env")));
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            PluginHost host = store.app().plugins();
            List<SettingDefinition> schema = host.schema("fixture-plugin");
            assertThat(schema)
                    .extracting(SettingDefinition::environmentVariable)
                    .containsOnlyNulls();
            assertThat(host.settingsStore().value("fixture-plugin", "greeting", schema))
                    .isEmpty();
            assertThat(host.settingsStore().value("fixture-plugin", "apiKey", schema))
                    .contains("its own variable");
            assertThat(store.http()
                            .adminGet("/api/admin/plugins/fixture-plugin/config")
                            .json()
                            .get("overridden"))
                    .extracting(JsonNode::asText)
                    .containsExactly("apiKey");
        }
    }

    @Test
    void onlyTheBundledPublishersPluginsKeepTheirVariables() {
        List<SettingDefinition> schema =
                List.of(SettingDefinition.secret("secret", "Secret").withEnvironmentVariable("KAMISHOP_OWN"));
        assertThat(PluginHost.honouredSchema("p", schema, PluginSignatures.BUNDLED_PUBLISHER))
                .isEqualTo(schema);
        for (String other : new String[] {null, "acme"}) {
            assertThat(PluginHost.honouredSchema("p", schema, other))
                    .singleElement()
                    .isEqualTo(SettingDefinition.secret("secret", "Secret"));
        }
        assertThatThrownBy(() -> SettingDefinition.secret("secret", "Secret").withEnvironmentVariable("PATH"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
