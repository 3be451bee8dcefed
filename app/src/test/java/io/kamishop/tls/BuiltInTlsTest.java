package io.kamishop.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.config.InvalidConfigException;
import io.kamishop.testing.TestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS served by the store itself from PEM files: TLS 1.3 only unless asked for 1.2, HSTS over
 * TLS only, plain HTTP redirected, and a renewed certificate picked up without a restart.
 */
class BuiltInTlsTest {

    private static final List<String> TLS13 = List.of("TLSv1.3");
    private static final List<String> TLS12 = List.of("TLSv1.2");

    @TempDir
    Path dir;

    private TestStore storeWith(ServerCertificate certificate, String... env) {
        TlsProbe.writePem(dir.resolve("chain.pem"), dir.resolve("key.pem"), certificate);
        TestStore.Builder builder = TestStore.builder()
                .env("KAMISHOP_TLS_CERT", dir.resolve("chain.pem").toString())
                .env("KAMISHOP_TLS_KEY", dir.resolve("key.pem").toString())
                .env("KAMISHOP_HTTP_REDIRECT_PORT", "0")
                .env("KAMISHOP_TLS_WATCH_SECONDS", "1");
        for (int i = 0; i < env.length; i += 2) {
            builder.env(env[i], env[i + 1]);
        }
        return builder.start();
    }

    private static ServerCertificate localhost() {
        return SelfSigned.create(List.of("localhost", "127.0.0.1"), Instant.now(), Duration.ofDays(30));
    }

    @Test
    void tls13HandshakeSucceedsAndSaysHsts() throws Exception {
        ServerCertificate certificate = localhost();
        try (TestStore store = storeWith(certificate)) {
            TlsProbe.Seen seen = TlsProbe.get(store.app().port(), "localhost", "/healthz", TLS13, certificate.chain());

            assertThat(seen.protocol()).isEqualTo("TLSv1.3");
            assertThat(seen.leaf()).isEqualTo(certificate.leaf());
            assertThat(seen.status()).isEqualTo(200);
            assertThat(seen.response()).contains("\"status\":\"ok\"");
            assertThat(seen.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        }
    }

    @Test
    void tls12IsRefusedByDefault() {
        ServerCertificate certificate = localhost();
        try (TestStore store = storeWith(certificate)) {
            assertThatThrownBy(
                            () -> TlsProbe.get(store.app().port(), "localhost", "/healthz", TLS12, certificate.chain()))
                    .isInstanceOf(SSLException.class);
        }
    }

    @Test
    void tls12IsAllowedWhenTheOperatorAsksForIt() throws Exception {
        ServerCertificate certificate = localhost();
        try (TestStore store = storeWith(certificate, "KAMISHOP_TLS_MIN", "1.2")) {
            TlsProbe.Seen old = TlsProbe.get(store.app().port(), "localhost", "/healthz", TLS12, certificate.chain());
            TlsProbe.Seen current =
                    TlsProbe.get(store.app().port(), "localhost", "/healthz", TLS13, certificate.chain());

            assertThat(old.protocol()).isEqualTo("TLSv1.2");
            assertThat(old.status()).isEqualTo(200);
            assertThat(current.protocol())
                    .as("1.3 stays on when 1.2 is allowed")
                    .isEqualTo("TLSv1.3");
        }
    }

    @Test
    void plainHttpIsRedirectedToHttpsWithoutHsts() throws Exception {
        try (TestStore store = storeWith(localhost())) {
            int plain = store.app().listeners().redirectPort().orElseThrow();
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();

            HttpResponse<String> get = client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + plain + "/products/1?lang=en"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + plain + "/api/orders"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(get.statusCode()).isEqualTo(301);
            assertThat(get.headers().firstValue("Location"))
                    .hasValue("https://localhost:" + store.app().port() + "/products/1?lang=en");
            assertThat(get.headers().firstValue("Strict-Transport-Security"))
                    .as("HSTS is said over TLS only")
                    .isEmpty();
            assertThat(post.statusCode()).as("a POST keeps its method and body").isEqualTo(308);
        }
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        ServerCertificate first = localhost();
        ServerCertificate renewed = localhost();
        try (TestStore store = storeWith(first)) {
            int port = store.app().port();
            assertThat(TlsProbe.get(port, "localhost", "/healthz", TLS13, List.of(first.leaf(), renewed.leaf()))
                            .leaf())
                    .isEqualTo(first.leaf());

            // Half-way through a renewal the key no longer fits the chain: keep serving the old pair.
            Files.writeString(dir.resolve("chain.pem"), renewed.chainPem());
            Thread.sleep(2_500);
            assertThat(TlsProbe.get(port, "localhost", "/healthz", TLS13, List.of(first.leaf(), renewed.leaf()))
                            .leaf())
                    .as("a chain that does not fit the key is not installed")
                    .isEqualTo(first.leaf());

            Files.writeString(dir.resolve("key.pem"), renewed.keyPem());
            long deadline = System.currentTimeMillis() + 15_000;
            TlsProbe.Seen seen;
            do {
                Thread.sleep(200);
                seen = TlsProbe.get(port, "localhost", "/healthz", TLS13, List.of(first.leaf(), renewed.leaf()));
            } while (!seen.leaf().equals(renewed.leaf()) && System.currentTimeMillis() < deadline);

            assertThat(seen.leaf()).isEqualTo(renewed.leaf());
            assertThat(seen.status()).isEqualTo(200);
        }
    }

    @Test
    void aKeyThatDoesNotFitTheCertificateStopsTheStartWithAClearMessage() {
        ServerCertificate one = localhost();
        ServerCertificate other = localhost();
        TlsProbe.writePem(dir.resolve("chain.pem"), dir.resolve("key.pem"), one);
        TlsProbe.writePem(dir.resolve("other-chain.pem"), dir.resolve("other-key.pem"), other);

        assertThatThrownBy(() -> TestStore.builder()
                        .env("KAMISHOP_TLS_CERT", dir.resolve("chain.pem").toString())
                        .env("KAMISHOP_TLS_KEY", dir.resolve("other-key.pem").toString())
                        .start())
                .hasMessageContaining("KAMISHOP_TLS_CERT/KEY")
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void halfATlsSettingIsRefusedAtLoad() {
        assertThatThrownBy(() -> TestStore.builder()
                        .env("KAMISHOP_TLS_CERT", "/nowhere.pem")
                        .start())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("set both or neither");
        assertThatThrownBy(
                        () -> TestStore.builder().env("KAMISHOP_TLS_MIN", "1.1").start())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("KAMISHOP_TLS_MIN must be 1.3 or 1.2");
    }
}
