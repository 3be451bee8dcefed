package io.kamishop.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.api.SettingDefinition;
import io.kamishop.cluster.LocalChangeBus;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopedSettingsTest {

    private static final SecretBox BOX = new SecretBox(filled(32, 7));
    private static final SettingsScope MAIL = new SettingsScope("mail", BOX, "mail setting ");

    @TempDir
    Path dir;

    private Database database;
    private LocalChangeBus bus;
    private ScopedSettings settings;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("settings.db"));
        bus = new LocalChangeBus(database);
        settings = new ScopedSettings(database, Clock.systemUTC(), bus);
    }

    @AfterEach
    void close() {
        bus.close();
        database.close();
    }

    @Test
    void aSecretIsStoredSealedAndReadsBackOpened() {
        settings.change(MAIL)
                .putSecret("password", "hunter2-smtp")
                .put("host", "smtp.example.com")
                .commit();

        assertThat(settings.values(MAIL))
                .containsExactlyInAnyOrderEntriesOf(Map.of("password", "hunter2-smtp", "host", "smtp.example.com"));
        assertThat(storedValues("mail")).contains("smtp.example.com").hasSize(2).noneMatch(v -> v.contains("hunter2"));
    }

    @Test
    void scopesAreKeptApartAndASecretOpensOnlyInItsOwnScope() {
        settings.change(MAIL).putSecret("password", "one").commit();
        settings.change(SettingsScope.theme("dark"))
                .put("password", "not a secret")
                .commit();

        assertThat(settings.values(MAIL)).containsEntry("password", "one");
        assertThat(settings.values(SettingsScope.theme("dark"))).containsEntry("password", "not a secret");
        assertThat(settings.values(SettingsScope.theme("light"))).isEmpty();
        SettingsScope sameNameOtherBinding = new SettingsScope("mail", BOX, "elsewhere ");
        assertThatThrownBy(() -> new ScopedSettings(database, Clock.systemUTC(), bus).values(sameNameOtherBinding))
                .as("a value sealed for one setting does not open as another")
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aScopeWithoutASubKeyRefusesASecretAndStoresNothing() {
        assertThatThrownBy(() -> settings.change(SettingsScope.STORE)
                        .put("storeName", "Shop")
                        .putSecret("token", "x")
                        .commit())
                .isInstanceOf(IllegalStateException.class);
        assertThat(settings.values(SettingsScope.STORE)).isEmpty();
    }

    @Test
    void putIfAbsentKeepsTheFirstValueAndRemoveGoesBackToUnset() {
        settings.change(MAIL).putIfAbsent("generated", "first", true).commit();
        settings.change(MAIL).putIfAbsent("generated", "second", true).commit();
        assertThat(settings.values(MAIL)).containsEntry("generated", "first");

        settings.change(MAIL).put("host", "a").commit();
        settings.change(MAIL).put("host", "b").commit();
        settings.change(MAIL).remove("generated").commit();
        assertThat(settings.values(MAIL)).containsExactlyEntriesOf(Map.of("host", "b"));
    }

    @Test
    void checkedValuesAreStoredAsTheirSchemaDeclaresThem() {
        List<SettingDefinition> schema = List.of(
                SettingDefinition.secret("password", "Password"),
                SettingDefinition.string("host", "Host"),
                SettingDefinition.multiChoice("days", "Days", List.of("mon", "tue", "wed")));
        settings.change(MAIL)
                .putChecked(schema, Map.of("password", "pw-1", "host", "a.example", "days", "wed, mon"))
                .commit();
        assertThat(storedValues("mail")).noneMatch(v -> v.contains("pw-1"));

        Map<String, String> next = new java.util.HashMap<>();
        next.put("password", SettingsValidator.MASK); // the mask keeps the stored secret
        next.put("host", ""); // emptied: back to the default
        next.put("days", null);
        settings.change(MAIL).putChecked(schema, next).commit();

        assertThat(settings.values(MAIL)).containsExactlyEntriesOf(Map.of("password", "pw-1"));
        settings.change(MAIL).putChecked(schema, Map.of("days", "wed, mon")).commit();
        assertThat(settings.values(MAIL)).containsEntry("days", "mon,wed");
    }

    @Test
    void anotherNodesChangeIsSeenAtOnceThroughTheBusNotAfterTheCacheExpires() {
        ScopedSettings otherNode = new ScopedSettings(database, Clock.systemUTC(), bus);
        settings.change(SettingsScope.STORE).put("storeName", "Before").commit();
        assertThat(otherNode.values(SettingsScope.STORE)).containsEntry("storeName", "Before"); // now cached there

        settings.change(SettingsScope.STORE).put("storeName", "After").commit();

        assertThat(otherNode.values(SettingsScope.STORE)).containsEntry("storeName", "After");
    }

    private List<String> storedValues(String scope) {
        return database.read(tx -> Handles.of(tx)
                .createQuery("SELECT value FROM settings WHERE scope = :scope")
                .bind("scope", scope)
                .mapTo(String.class)
                .list());
    }

    private static byte[] filled(int n, int value) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
