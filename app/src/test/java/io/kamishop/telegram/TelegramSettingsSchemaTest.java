package io.kamishop.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kamishop.cluster.LocalChangeBus;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.ScopedSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot's settings are declared in the plugins' schema type and checked by the one validator, plus their own rules. */
class TelegramSettingsSchemaTest {

    private static final String TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    @TempDir
    Path dir;

    @Test
    void badFieldsAreNamedAndAMovedApiBaseNeedsTheTokenAgain() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"));
                LocalChangeBus bus = new LocalChangeBus(db)) {
            TelegramSettings bot = bot(db, bus);
            Refusal bad = catchThrowableOfType(
                    () -> bot.store(Map.of(
                            "botToken", "not a token",
                            "mode", "carrier-pigeon",
                            "apiBase", "https://bot.example.com/?x=1",
                            "merchantChatId", "me")),
                    Refusal.class);
            assertThat(bad.details().get("fields"))
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsOnlyKeys("botToken", "mode", "apiBase", "merchantChatId");
            assertThat(bot.current().token()).as("nothing stored").isNull();

            bot.store(Map.of("enabled", "true", "botToken", " " + TOKEN + " ", "merchantChatId", "-42"));
            assertThat(bot.current().token()).as("stored stripped, opened").isEqualTo(TOKEN);
            assertThat(bot.current().webhookSecret())
                    .as("made once with the first save")
                    .isNotBlank();

            Refusal moved = catchThrowableOfType(
                    () -> bot.store(Map.of("apiBase", "https://bot.example.net", "botToken", TelegramSettings.MASK)),
                    Refusal.class);
            assertThat(moved.details().get("fields"))
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsOnlyKeys("botToken");
            bot.store(Map.of("apiBase", "https://bot.example.net", "botToken", TOKEN));
            assertThat(bot.current().apiBase()).isEqualTo("https://bot.example.net");
        }
    }

    @Test
    void theBotCannotBeEnabledWithoutAToken() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"));
                LocalChangeBus bus = new LocalChangeBus(db)) {
            TelegramSettings bot = bot(db, bus);
            Refusal refused = catchThrowableOfType(() -> bot.store(Map.of("enabled", "true")), Refusal.class);
            assertThat(refused.details().get("fields"))
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsOnlyKeys("botToken");
            assertThat(bot.current().enabled()).isFalse();
        }
    }

    private static TelegramSettings bot(Database db, LocalChangeBus bus) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 6);
        return new TelegramSettings(
                new ScopedSettings(db, Clock.systemUTC(), bus), new SecretBox(key), Optional.empty());
    }
}
