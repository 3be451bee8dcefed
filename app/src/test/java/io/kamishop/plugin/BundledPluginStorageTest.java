package io.kamishop.plugin;

import static io.kamishop.plugin.PluginLifecycleTest.channels;
import static io.kamishop.plugin.PluginLifecycleTest.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.ScratchDirs;
import io.kamishop.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A single-node store (SQLite) keeps only the rows of its bundled plugins, not their bytes: every start reads a
 * bundled jar from the application's own jar, so a first start no longer writes the 30 MB of the Stripe and S3
 * plugins into a new database. Nodes sharing PostgreSQL still keep the bytes ({@link PluginPostgresTest}).
 */
class BundledPluginStorageTest {

    @Test
    void aFirstStartStoresTheBundledPluginsRowsWithoutTheirBytesAndARestartRunsThemFromTheBuild() throws Exception {
        Path data = ScratchDirs.create("kamishop-bundled");
        try (TestStore store = TestStore.builder().dataDir(data).start()) {
            assertThat(plugin(store, "payment-stripe").get("state").asText()).isEqualTo("started");
        }
        try (Connection c = sqlite(data);
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT COUNT(*), SUM(content IS NOT NULL) FROM plugin_files" + " WHERE origin = 'bundled'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("bundled plugins stored").isGreaterThanOrEqualTo(19);
            assertThat(rows.getInt(2))
                    .as("bundled plugins stored with their bytes")
                    .isZero();
        }
        // The jars are ~30 MB; the database of a new store without them is under a few.
        assertThat(Files.size(data.resolve("kamishop.db"))).isLessThan(8L * 1024 * 1024);

        try (TestStore again = TestStore.builder().dataDir(data).start()) {
            JsonNode stripe = plugin(again, "payment-stripe");
            assertThat(stripe.get("state").asText()).as(stripe.toString()).isEqualTo("started");
            assertThat(plugin(again, "archive-s3").get("state").asText()).isEqualTo("disabled");
            assertThat(channels(again)).contains("sandbox");
        }
    }

    @Test
    void aBundledPluginThisBuildDoesNotShipIsListedFailedWithTheReasonAndTheOthersRun() throws Exception {
        Path data = ScratchDirs.create("kamishop-bundled");
        try (TestStore store = TestStore.builder().dataDir(data).start()) {
            assertThat(plugin(store, "payment-alipay").get("state").asText()).isEqualTo("started");
        }
        // As a data dir restored from another build leaves it: the row of a bundled plugin this build has not got.
        try (Connection c = sqlite(data);
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO plugin_files"
                    + " (plugin_id, version, origin, sha256, content, signed_by, removed, installed_at)"
                    + " VALUES ('payment-gone', '1.0.0', 'bundled', '" + "ab".repeat(32)
                    + "', NULL, 'kamishop-bundled', FALSE, 0)");
        }
        try (TestStore again = TestStore.builder().dataDir(data).start()) {
            JsonNode gone = plugin(again, "payment-gone");
            assertThat(gone).isNotNull();
            assertThat(gone.get("state").asText()).isEqualTo("failed");
            assertThat(gone.get("error").asText()).contains("another build", "upload it");
            assertThat(plugin(again, "payment-alipay").get("state").asText()).isEqualTo("started");
            assertThat(channels(again)).contains("sandbox");
        }
    }

    private static Connection sqlite(Path data) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kamishop.db"));
    }
}
