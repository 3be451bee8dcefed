package io.kamishop.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.MutableClock;
import io.kamishop.testing.ProcessTest;
import io.kamishop.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME against a real ACME server, Pebble, started locally: the store orders a certificate for its
 * domain, proves it by answering Pebble's HTTP-01 request on its plain-HTTP port, serves the issued
 * certificate on its HTTPS port without a restart, keeps it (key sealed) for the next start, and
 * orders a new one when two thirds of its lifetime have passed.
 */
@ProcessTest
class AcmeIssuanceTest {

    private static final String DOMAIN = "shop.kamishop.test";

    @TempDir
    Path pebbleDir;

    @TempDir
    Path dataDir;

    @Test
    void theStoreGetsServesKeepsAndRenewsACertificateFromPebble() throws Exception {
        int httpPort = Pebble.freePort();
        try (Pebble pebble = Pebble.start(pebbleDir, httpPort)) {
            MutableClock clock = MutableClock.now();
            X509Certificate first;
            try (TestStore store = acmeStore(pebble, httpPort, clock)) {
                first = awaitIssued(store);
                X509Certificate root = pebble.issuingRoot();

                TlsProbe.Seen seen =
                        TlsProbe.get(store.app().port(), DOMAIN, "/healthz", List.of("TLSv1.3"), List.of(root));
                assertThat(seen.leaf())
                        .as("the served certificate chains to Pebble's root and names the domain")
                        .isEqualTo(first);
                assertThat(seen.status()).isEqualTo(200);

                // Two thirds of its lifetime later the next check orders a new one and serves it at once.
                Duration lifetime = Duration.between(
                        first.getNotBefore().toInstant(), first.getNotAfter().toInstant());
                clock.advance(
                        Duration.between(clock.instant(), first.getNotBefore().toInstant())
                                .plus(lifetime.multipliedBy(7).dividedBy(10)));
                X509Certificate renewed =
                        store.app().listeners().renewNow().orElseThrow().leaf();
                assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
                assertThat(TlsProbe.get(store.app().port(), DOMAIN, "/healthz", List.of("TLSv1.3"), List.of(root))
                                .leaf())
                        .isEqualTo(renewed);
                first = renewed;
            }

            Path tls = dataDir.resolve("tls");
            assertThat(Files.readString(tls.resolve("certificate.key.sealed"))).doesNotContain("PRIVATE KEY");
            assertThat(Files.readString(tls.resolve("acme-account.key.sealed"))).doesNotContain("PRIVATE KEY");
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(tls.resolve("certificate.key.sealed"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls)))
                    .isEqualTo("rwx------");

            try (TestStore restarted = acmeStore(pebble, httpPort, clock)) {
                assertThat(restarted
                                .app()
                                .listeners()
                                .certificate()
                                .orElseThrow()
                                .leaf())
                        .as("a restart serves the kept certificate from its first handshake, no new order")
                        .isEqualTo(first);
            }
        }
    }

    @Test
    void theStoreAnswersOnlyTheChallengesItIsAskedAndRedirectsTheRest() throws Exception {
        int httpPort = Pebble.freePort();
        try (TestStore store = TestStore.builder()
                .dataDir(dataDir)
                .env(
                        "KAMISHOP_ACME_DIRECTORY",
                        "https://127.0.0.1:1/dir") // nobody there: the store keeps its placeholder
                .env("KAMISHOP_ACME_DOMAINS", DOMAIN)
                .env("KAMISHOP_HTTP_REDIRECT_PORT", Integer.toString(httpPort))
                .start()) {
            var client = java.net.http.HttpClient.newHttpClient();
            var unknown = client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://127.0.0.1:" + httpPort + "/.well-known/acme-challenge/not-a-token"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            X509Certificate placeholder =
                    store.app().listeners().certificate().orElseThrow().leaf();
            assertThat(placeholder.getSubjectX500Principal()).isEqualTo(placeholder.getIssuerX500Principal());
        }
    }

    private TestStore acmeStore(Pebble pebble, int httpPort, MutableClock clock) {
        return TestStore.builder()
                .dataDir(dataDir)
                .clock(clock)
                .env("KAMISHOP_ACME_DIRECTORY", pebble.directory())
                .env("KAMISHOP_ACME_DOMAINS", DOMAIN)
                .env("KAMISHOP_ACME_EMAIL", "ops@kamishop.test")
                .env("KAMISHOP_ACME_CA_CERT", pebble.apiRoot().toString())
                .env("KAMISHOP_HTTP_REDIRECT_PORT", Integer.toString(httpPort))
                .start();
    }

    private static X509Certificate awaitIssued(TestStore store) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            X509Certificate leaf =
                    store.app().listeners().certificate().orElseThrow().leaf();
            if (!leaf.getIssuerX500Principal().equals(leaf.getSubjectX500Principal())) {
                return leaf;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no certificate from Pebble within 60 s (see the log above)");
    }
}
