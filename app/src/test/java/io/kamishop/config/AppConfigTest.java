package io.kamishop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @Test
    void environmentWinsOverTheFileAndFlagsWinOverBoth(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve(AppConfig.FILE_NAME), "KAMISHOP_PORT=7000\nKAMISHOP_PUBLIC_URL=https://file.example\n");

        AppConfig fromFile = AppConfig.load(Map.of(), new AppConfig.Flags(dir, null, null, false));
        AppConfig fromEnv =
                AppConfig.load(Map.of("KAMISHOP_PORT", "7100"), new AppConfig.Flags(dir, null, null, false));
        AppConfig fromFlag =
                AppConfig.load(Map.of("KAMISHOP_PORT", "7100"), new AppConfig.Flags(dir, 7200, null, false));

        assertThat(fromFile.port()).isEqualTo(7000);
        assertThat(fromFile.publicUrl()).contains("https://file.example");
        assertThat(fromEnv.port()).isEqualTo(7100);
        assertThat(fromFlag.port()).isEqualTo(7200);
        assertThat(fromFile.dbUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("kamishop.db"));
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path dir) {
        assertThatThrownBy(() -> AppConfig.load(
                        Map.of(
                                "KAMISHOP_PORT",
                                "eighty",
                                "KAMISHOP_DB_URL",
                                "jdbc:mysql://x",
                                "KAMISHOP_TRUSTED_PROXIES",
                                "proxy.example",
                                "KAMISHOP_MASTER_KEY",
                                "c2hvcnQ="),
                        new AppConfig.Flags(dir, null, null, false)))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e -> assertThat(((InvalidConfigException) e).problems()).hasSize(4));
    }

    @Test
    void theConfigNeverPrintsSecrets(@TempDir Path dir) {
        AppConfig config = AppConfig.load(
                Map.of("KAMISHOP_ADMIN_TOKEN", "super-secret-token"), new AppConfig.Flags(dir, null, null, false));
        assertThat(config.toString()).doesNotContain("super-secret-token");
    }
}
