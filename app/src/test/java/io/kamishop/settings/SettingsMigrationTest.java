package io.kamishop.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.cluster.LocalChangeBus;
import io.kamishop.config.AppConfig;
import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.db.Dialect;
import io.kamishop.db.Handles;
import io.kamishop.mail.MailSettings;
import io.kamishop.mail.SmtpSettings;
import io.kamishop.plugin.PluginSettingsStore;
import io.kamishop.storefront.ThemeSettingsStore;
import io.kamishop.telegram.TelegramSettings;
import io.kamishop.testing.OlderSchema;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V604: the five settings tables (store, mail, Telegram, plugins, themes) become one, and every value a
 * merchant stored before reads back the same through the features, sealed ones included.
 */
class SettingsMigrationTest {

    private final SecretBox mailBox = new SecretBox(filled(32, 1));
    private final SecretBox botBox = new SecretBox(filled(32, 2));
    private final SecretBox pluginBox = new SecretBox(filled(32, 3));

    @Test
    void everyStoredSettingReadsBackTheSameAfterTheMoveOnSqlite(@TempDir Path dir) throws Exception {
        everyStoredSettingReadsBackTheSameAfterTheMove(
                "jdbc:sqlite:" + dir.resolve("kamishop.db"), Dialect.SQLITE, dir);
    }

    @PostgresTest
    @Test
    void everyStoredSettingReadsBackTheSameAfterTheMoveOnPostgresql(@TempDir Path dir) throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema()) {
            everyStoredSettingReadsBackTheSameAfterTheMove(pg.url(), Dialect.POSTGRESQL, dir);
        }
    }

    private void everyStoredSettingReadsBackTheSameAfterTheMove(String url, Dialect dialect, Path dir)
            throws Exception {
        OlderSchema.migrateTo(url, dialect, "603");
        // Each row as the feature's own table held it before V604, sealed as that feature sealed it.
        try (Connection c = DriverManager.getConnection(url)) {
            insert(c, "INSERT INTO store_settings (name, value, updated_at) VALUES (?, ?, 1)", "storeName", "Old Shop");
            insert(
                    c,
                    "INSERT INTO mail_settings (name, value, secret, updated_at) VALUES (?, ?, FALSE, 1)",
                    "host",
                    "smtp.example.com");
            insert(
                    c,
                    "INSERT INTO mail_settings (name, value, secret, updated_at) VALUES (?, ?, TRUE, 1)",
                    "password",
                    mailBox.sealText("mail-pass", "mail setting password"));
            insert(
                    c,
                    "INSERT INTO mail_settings (name, value, secret, updated_at) VALUES (?, ?, FALSE, 1)",
                    "username",
                    "");
            insert(
                    c,
                    "INSERT INTO telegram_settings (name, value, secret, updated_at) VALUES (?, ?, TRUE, 1)",
                    "botToken",
                    botBox.sealText("123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ", "botToken"));
            insert(
                    c,
                    "INSERT INTO telegram_settings (name, value, secret, updated_at) VALUES (?, ?, FALSE, 1)",
                    "merchantChatId",
                    "777");
            insert(
                    c,
                    "INSERT INTO plugin_settings (plugin_id, name, value, secret, updated_at) "
                            + "VALUES ('risk-basic', ?, ?, TRUE, 1)",
                    "apiKey",
                    pluginBox.sealText("plugin-secret", "plugin-setting:risk-basic:apiKey"));
            insert(
                    c,
                    "INSERT INTO plugin_settings (plugin_id, name, value, secret, updated_at) "
                            + "VALUES ('risk-basic', ?, ?, FALSE, 1)",
                    "maxOrders",
                    "5");
            insert(
                    c,
                    "INSERT INTO theme_settings (theme, name, value, updated_at) VALUES ('default', ?, ?, 1)",
                    "accentColor",
                    "#00aa55");
        }

        try (Database db = Database.open(url)) {
            AppConfig config = AppConfig.load(Map.of(), new AppConfig.Flags(dir, 0, url, false));
            ScopedSettings settings = new ScopedSettings(db, Clock.systemUTC(), new LocalChangeBus(db));

            assertThat(new StoreSettings(settings, config, theme -> true).get(StoreSettings.STORE_NAME))
                    .isEqualTo("Old Shop");
            SmtpSettings smtp = new MailSettings(settings, mailBox, config).current();
            assertThat(smtp.host()).isEqualTo("smtp.example.com");
            assertThat(smtp.password()).as("sealed before, opens after").isEqualTo("mail-pass");
            assertThat(smtp.username()).as("an emptied setting stays unset").isNull();
            Map<String, Object> bot = new TelegramSettings(settings, botBox, Optional.empty()).view();
            assertThat(bot).containsEntry("botToken", "********").containsEntry("merchantChatId", 777L);
            assertThat(new PluginSettingsStore(settings, pluginBox, config).stored("risk-basic"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("apiKey", "plugin-secret", "maxOrders", "5"));
            assertThat(new ThemeSettingsStore(settings).values("default"))
                    .containsExactlyEntriesOf(Map.of("accentColor", "#00aa55"));

            for (String gone : List.of(
                    "store_settings", "mail_settings", "telegram_settings", "plugin_settings", "theme_settings")) {
                assertThatThrownBy(() -> db.read(tx -> Handles.of(tx)
                                .createQuery("SELECT COUNT(*) FROM " + gone)
                                .mapTo(Long.class)
                                .one()))
                        .as("%s is gone", gone)
                        .hasMessageContaining(gone);
            }
            List<String> sealed = db.read(tx -> Handles.of(tx)
                    .createQuery("SELECT value FROM settings WHERE secret = TRUE")
                    .mapTo(String.class)
                    .list());
            assertThat(sealed)
                    .as("the three secrets moved sealed")
                    .hasSize(3)
                    .noneMatch(v -> v.contains("mail-pass") || v.contains("ABCDEFGHIJ") || v.contains("plugin-secret"));
        }
    }

    private static void insert(Connection c, String sql, String name, String value) throws Exception {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            insert.setString(1, name);
            insert.setString(2, value);
            insert.executeUpdate();
        }
    }

    private static byte[] filled(int n, int value) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
