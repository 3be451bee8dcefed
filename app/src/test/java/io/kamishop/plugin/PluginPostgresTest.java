package io.kamishop.plugin;

import static io.kamishop.plugin.PluginLifecycleTest.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Handles;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The plugin tables and their SQL on PostgreSQL: a schema of its own, so parallel tests never meet. */
@PostgresTest
class PluginPostgresTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Test
    void aPluginChangeOnOneNodeIsFollowedByTheOther() throws Exception {
        String schema =
                "plugins_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(SERVER);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String masterKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String url = SERVER + "&currentSchema=" + schema;
        try (TestStore a = TestStore.builder()
                        .env("KAMISHOP_DB_URL", url)
                        .env("KAMISHOP_MASTER_KEY", masterKey)
                        .start();
                TestStore b = TestStore.builder()
                        .env("KAMISHOP_DB_URL", url)
                        .env("KAMISHOP_MASTER_KEY", masterKey)
                        .start()) {
            // Nodes sharing a database keep the bundled jars' bytes too: another node may run another build.
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement();
                    java.sql.ResultSet rows = s.executeQuery(
                            "SELECT COUNT(*) FROM plugin_files WHERE origin = 'bundled' AND content IS NULL")) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as("bundled plugins stored without their bytes")
                        .isZero();
            }
            assertThat(upload(a, TestPlugins.fixture("1.0.0", Map.of("schema", "v1")))
                            .status())
                    .isEqualTo(201);
            await(() -> "started".equals(state(b)));
            a.http().adminPutJson("/api/admin/plugins/fixture-plugin/config", Map.of("greeting", "from a"));
            await(() -> "from a"
                    .equals(b.http()
                            .adminGet("/api/admin/plugins/fixture-plugin/config")
                            .json()
                            .at("/values/greeting")
                            .asText()));
            a.http().adminPost("/api/admin/plugins/fixture-plugin/disable");
            await(() -> "disabled".equals(state(b)));
            assertThat(PluginLifecycleTest.channels(b)).doesNotContain("fixture");
            assertThat(upload(a, TestPlugins.fixture("2.0.0", Map.of("schema", "v2")))
                            .status())
                    .isEqualTo(201);
            await(() -> "started".equals(state(b))
                    && "2.0.0"
                            .equals(PluginLifecycleTest.plugin(b, "fixture-plugin")
                                    .get("version")
                                    .asText()));
            // 2.0.0 no longer declares the greeting: node a set it aside in the upgrade's own transaction, and node b,
            // which had read it, drops its copy on the change bus's word (its plugin sync no longer re-reads settings).
            await(() ->
                    !b.app().plugins().settingsStore().stored("fixture-plugin").containsKey("greeting"));
            assertThat(PluginLifecycleTest.uninstall(a, "fixture-plugin", false).status())
                    .isEqualTo(204);
            await(() -> state(b) == null);
        } finally {
            try (Connection c = DriverManager.getConnection(SERVER);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static String state(TestStore store) {
        var plugin = PluginLifecycleTest.plugin(store, "fixture-plugin");
        return plugin == null ? null : plugin.get("state").asText();
    }

    /** Polls for what the other node should reach within its one-second sync; fails after 15 s. */
    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the other node did not follow within 15 s");
    }

    @Test
    void installUpgradeSettingsAndPurgeWorkOnPostgres() throws Exception {
        String schema =
                "plugins_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(SERVER);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_DB_URL", SERVER + "&currentSchema=" + schema)
                .start()) {
            assertThat(upload(store, TestPlugins.fixture("1.0.0", Map.of("schema", "v1")))
                            .status())
                    .isEqualTo(201);
            assertThat(store.http()
                            .adminPutJson(
                                    "/api/admin/plugins/fixture-plugin/config",
                                    Map.of("apiKey", "pg-secret", "greeting", "hello"))
                            .status())
                    .isEqualTo(200);
            assertThat(upload(store, TestPlugins.fixture("2.0.0", Map.of("schema", "v2")))
                            .status())
                    .isEqualTo(201);
            assertThat(upload(store, TestPlugins.fixture("3.0.0", Map.of("schema", "v1")))
                            .status())
                    .isEqualTo(201);
            assertThat(store.app().plugins().settingsStore().stored("fixture-plugin"))
                    .containsEntry("greeting", "hello")
                    .containsEntry("apiKey", "pg-secret");
            assertThat(store.http()
                            .adminPost("/api/admin/plugins/fixture-plugin/disable")
                            .status())
                    .isEqualTo(200);
            assertThat(store.http()
                            .adminPost("/api/admin/plugins/fixture-plugin/enable")
                            .json()
                            .get("state")
                            .asText())
                    .isEqualTo("started");
            assertThat(PluginLifecycleTest.uninstall(store, "fixture-plugin", true)
                            .status())
                    .isEqualTo(204);
            assertThat(PluginLifecycleTest.plugin(store, "fixture-plugin")).isNull();
            long kvRows = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT COUNT(*) FROM plugin_kv WHERE plugin_id = 'fixture-plugin'")
                            .mapTo(Long.class)
                            .one());
            assertThat(kvRows).isZero();
        } finally {
            try (Connection c = DriverManager.getConnection(SERVER);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
