package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.TestStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Everything secret the admin handles (password, TOTP secret, recovery codes, API token, session id,
 * a plugin secret, card keys) is absent from every file in the data dir and from the log output.
 */
// It swaps System.out and System.err to read the log: no other test may swap them meanwhile.
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class NoPlaintextSecretsTest {

    @Test
    void noPasswordOrSecretIsStoredOrLoggedInPlaintext() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(new Tee(originalOut, log), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
        Map<String, String> secrets = new LinkedHashMap<>();
        Path dataDir;
        try (TestStore store =
                TestStore.builder().env("KAMISHOP_SANDBOX_SECRET", "").start()) {
            dataDir = store.dataDir();
            String password = "pw-" + java.util.UUID.randomUUID();
            secrets.put("password", password);
            store.http().adminPostJson("/api/admin/users", Map.of("username", "keeper", "password", password));
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("keeper", password).status()).isEqualTo(303);
            secrets.put("session id", browser.session());
            // a failed sign-in with a password-like username must not log it either
            new AdminClient(store.baseUrl()).signIn("keeper", "wrong-" + password);

            String enrol = browser.submit("/admin/account", "/admin/account/totp/begin", Map.of())
                    .body();
            String totpSecret = find(enrol, "id=\"totp-secret\">([A-Z2-7]+)<");
            secrets.put("totp secret", totpSecret);
            String confirmed = browser.submit(
                            "/admin/account",
                            "/admin/account/totp/confirm",
                            Map.of("code", Totp.code(totpSecret, System.currentTimeMillis())))
                    .body();
            Matcher codes =
                    Pattern.compile("class=\"recovery-code\">([a-z0-9-]+)<").matcher(confirmed);
            int n = 0;
            while (codes.find()) {
                secrets.put("recovery code " + n++, codes.group(1));
            }
            assertThat(n).isEqualTo(10);

            String tokens = browser.submit("/admin/tokens", "/admin/tokens", Map.of("name", "deploy script"))
                    .body();
            String token = find(tokens, "id=\"token-value\">([^<]+)<");
            secrets.put("api token", token);
            assertThat(store.http()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    store.http().uri("/api/admin/products"))
                                            .header("Authorization", "Bearer " + token)
                                            .GET(),
                                    false)
                            .status())
                    .isEqualTo(200);

            String pluginSecret = "plugin-secret-" + java.util.UUID.randomUUID();
            secrets.put("plugin secret", pluginSecret);
            AdminClient.Page saved = browser.submit(
                    "/admin/plugins/payment-sandbox",
                    "/admin/plugins/payment-sandbox/config",
                    Map.of("setting.secret", pluginSecret));
            assertThat(saved.status()).isEqualTo(303);
            String shown = browser.get("/admin/plugins/payment-sandbox").body();
            assertThat(shown).doesNotContain(pluginSecret).contains("value=\"********\"");

            long productId = store.createProduct("Secret goods", 100, "CNY");
            String key = "CARD-" + java.util.UUID.randomUUID();
            secrets.put("card key", key);
            browser.submit(
                    "/admin/products/" + productId, "/admin/products/" + productId + "/keys", Map.of("keys", key));
            assertThat(store.stock(productId).get("available").asLong()).isEqualTo(1);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.getFileName().toString().startsWith("kamishop.db"));
        // The scan can see stored text: the (non-secret) admin name is there in the clear.
        assertThat(files.stream().anyMatch(f -> contains(f, "keeper"))).isTrue();
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("/admin/setup"); // the capture works: the start-up lines are in it
        List<String> leaks = new ArrayList<>();
        secrets.forEach((what, value) -> {
            for (Path f : files) {
                if (contains(f, value)) {
                    leaks.add(what + " in " + dataDir.relativize(f));
                }
            }
            if (logged.contains(value)) {
                leaks.add(what + " in the log output");
            }
        });
        assertThat(leaks).isEmpty();
    }

    private static String find(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertThat(m.find()).as("pattern %s on the page", regex).isTrue();
        return m.group(1);
    }

    private static boolean contains(Path file, String text) {
        try {
            byte[] haystack = Files.readAllBytes(file);
            byte[] needle = text.getBytes(StandardCharsets.UTF_8);
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes to the real stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            synchronized (b) {
                b.write(x);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
