package io.kamishop;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.TestStore;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCreateUserCliTest {

    @Test
    void anAdminCreatedFromTheCommandLineCanSignIn(@TempDir Path dir) {
        String password = "correct horse battery staple 42";
        int exit = Cli.run(
                new String[] {"admin", "create-user", "--username", "operator", "--data-dir", dir.toString()},
                Map.of("KAMISHOP_NEW_ADMIN_PASSWORD", password));
        assertThat(exit).isZero();
        assertThat(Cli.run(
                        new String[] {"admin", "create-user", "--username", "operator", "--data-dir", dir.toString()},
                        Map.of("KAMISHOP_NEW_ADMIN_PASSWORD", password)))
                .as("the same name twice")
                .isNotZero();
        assertThat(Cli.run(
                        new String[] {"admin", "create-user", "--username", "nopass", "--data-dir", dir.toString()},
                        Map.of()))
                .as("no password given")
                .isNotZero();

        try (TestStore store = TestStore.builder().dataDir(dir).start()) {
            String form = "username=operator&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
            var answer = store.http()
                    .send(
                            HttpRequest.newBuilder(store.http().uri("/admin/login"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(form)),
                            false);
            assertThat(answer.status()).isBetween(300, 399);
            assertThat(answer.header("Set-Cookie")).isNotNull();
        }
    }
}
