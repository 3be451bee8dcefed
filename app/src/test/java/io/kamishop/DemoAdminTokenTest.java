package io.kamishop;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.config.AppConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defect of issue 20: each {@code --demo} start minted one more live admin token. One, once. */
class DemoAdminTokenTest {

    private static String startDemoAndTellToken(Path dir) {
        AppConfig config = AppConfig.load(Map.of(), new AppConfig.Flags(dir, 0, null, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Kamishop store = Kamishop.start(config, Clock.systemUTC())) {
            Cli.announceDemoToken(config, store, new PrintStream(out, true, StandardCharsets.UTF_8));
            long demoTokens = store.adminTokens().list().stream()
                    .filter(t -> t.name().equals("demo"))
                    .count();
            assertThat(demoTokens).isEqualTo(1);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDemoDataDirMintsItsAdminTokenOnce(@TempDir Path dir) {
        String first = startDemoAndTellToken(dir);
        assertThat(first).contains("Demo admin token (shown once): ksa_");
        String second = startDemoAndTellToken(dir);
        assertThat(second).doesNotContain("ksa_").contains("first demo start");
    }

    @Test
    void aNormalStartMintsNoToken(@TempDir Path dir) {
        AppConfig config = AppConfig.load(Map.of(), new AppConfig.Flags(dir, 0, null, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Kamishop store = Kamishop.start(config, Clock.systemUTC())) {
            Cli.announceDemoToken(config, store, new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(store.adminTokens().list()).isEmpty();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
