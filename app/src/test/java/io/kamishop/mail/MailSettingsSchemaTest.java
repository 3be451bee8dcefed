package io.kamishop.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kamishop.cluster.LocalChangeBus;
import io.kamishop.config.AppConfig;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.ScopedSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail settings are declared in the plugins' schema type and checked by the one validator, plus their own rules. */
class MailSettingsSchemaTest {

    @TempDir
    Path dir;

    @Test
    void eachBadFieldIsNamedAndNothingIsStored() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("m.db"));
                LocalChangeBus bus = new LocalChangeBus(db)) {
            MailSettings mail = mail(db, bus, Map.of());
            Refusal refused = catchThrowableOfType(
                    () -> mail.store(Map.of(
                            "host", "smtp.example.com",
                            "port", "not-a-port",
                            "security", "maybe",
                            "from", "nobody",
                            "colour", "blue")),
                    Refusal.class);

            assertThat(refused.details().get("fields"))
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsOnlyKeys("port", "security", "from", "colour");
            assertThat(mail.current().host()).as("nothing stored").isNull();
        }
    }

    @Test
    void defaultsAndEnvironmentComeFromTheDeclarationsAndAMovedHostNeedsThePasswordAgain() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("m.db"));
                LocalChangeBus bus = new LocalChangeBus(db)) {
            MailSettings mail = mail(db, bus, Map.of("KAMISHOP_SMTP_FROM", "shop@example.com"));
            mail.store(Map.of("host", "smtp.example.com", "username", "shop", "password", "pw-1"));

            SmtpSettings current = mail.current();
            assertThat(current.port()).isEqualTo(587);
            assertThat(current.security()).isEqualTo("starttls");
            assertThat(current.from()).isEqualTo("shop@example.com");
            assertThat(current.password()).isEqualTo("pw-1");
            assertThat(mail.view().get("setByEnvironment"))
                    .asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactly("from");

            Refusal moved = catchThrowableOfType(() -> mail.store(Map.of("host", "evil.example.net")), Refusal.class);
            assertThat(moved.details().get("fields"))
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsOnlyKeys("password");
            assertThat(mail.current().host()).isEqualTo("smtp.example.com");
        }
    }

    private MailSettings mail(Database db, LocalChangeBus bus, Map<String, String> environment) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 5);
        return new MailSettings(
                new ScopedSettings(db, Clock.systemUTC(), bus),
                new SecretBox(key),
                AppConfig.load(environment, new AppConfig.Flags(dir, 0, "jdbc:sqlite:" + dir.resolve("m.db"), false)));
    }
}
