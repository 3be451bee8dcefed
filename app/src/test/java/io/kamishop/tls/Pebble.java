package io.kamishop.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Pebble, Let's Encrypt's ACME test server (Debian package {@code pebble}), started for one test on
 * free ports, with its companion {@code pebble-challtestsrv} as its DNS server: every name resolves
 * to 127.0.0.1, so Pebble's HTTP-01 check really fetches the challenge from the store on this host.
 *
 * <p>Pebble's own HTTPS API gets a certificate made here (the Debian package ships none); tests
 * trust it for the ACME connection only ({@code KAMISHOP_ACME_CA_CERT}). Certificates Pebble issues
 * chain to a root it makes at each start, fetched from its management API.
 */
final class Pebble implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/pebble");
    static final Path CHALLENGE_SERVER = Path.of("/usr/bin/pebble-challtestsrv");

    private final List<Process> processes = new ArrayList<>();
    private final Path apiCertificate;
    private final int apiPort;
    private final int managementPort;

    private Pebble(Path apiCertificate, int apiPort, int managementPort) {
        this.apiCertificate = apiCertificate;
        this.apiPort = apiPort;
        this.managementPort = managementPort;
    }

    /**
     * Starts Pebble so that it validates HTTP-01 challenges on {@code httpPort} of 127.0.0.1.
     * Skips the test when Pebble is not installed, except on CI, where that fails it.
     */
    static Pebble start(Path dir, int httpPort) throws IOException {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(CHALLENGE_SERVER)) {
            String reason =
                    "Pebble (Debian package 'pebble', " + BINARY + ") is not installed; apt-get install -y pebble";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + reason);
            }
            Assumptions.abort(reason);
        }
        ServerCertificate api = SelfSigned.create(List.of("localhost", "127.0.0.1"), Instant.now(), Duration.ofDays(2));
        Path certificate = dir.resolve("pebble-api.pem");
        Path key = dir.resolve("pebble-api.key");
        TlsProbe.writePem(certificate, key, api);
        int dnsPort = freeTcpAndUdpPort();
        int challengeManagement = freePort();
        Pebble pebble = new Pebble(certificate, freePort(), freePort());
        Path config = dir.resolve("pebble-config.json");
        Files.writeString(
                config, """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": false
                }}
                """.formatted(pebble.apiPort, pebble.managementPort, certificate, key, httpPort, freePort()));
        try {
            pebble.launch(
                    dir.resolve("challtestsrv.log"),
                    List.of(
                            CHALLENGE_SERVER.toString(),
                            "-management",
                            "127.0.0.1:" + challengeManagement,
                            "-dns01",
                            "127.0.0.1:" + dnsPort,
                            "-http01",
                            "",
                            "-https01",
                            "",
                            "-tlsalpn01",
                            "",
                            "-defaultIPv4",
                            "127.0.0.1",
                            "-defaultIPv6",
                            ""));
            awaitListening(challengeManagement, dir.resolve("challtestsrv.log"));
            pebble.launch(
                    dir.resolve("pebble.log"),
                    List.of(BINARY.toString(), "-config", config.toString(), "-dnsserver", "127.0.0.1:" + dnsPort));
            awaitListening(pebble.apiPort, dir.resolve("pebble.log"));
            awaitListening(pebble.managementPort, dir.resolve("pebble.log"));
        } catch (IOException | RuntimeException | Error e) {
            pebble.close();
            throw e;
        }
        return pebble;
    }

    private void launch(Path log, List<String> command) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // No random sleeps before validation, no nonces refused at random: a fast, deterministic test.
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        processes.add(builder.start());
    }

    /** The ACME directory URL. */
    String directory() {
        return "https://localhost:" + apiPort + "/dir";
    }

    /** The file holding the root the store must trust for Pebble's API (not for issued certificates). */
    Path apiRoot() {
        return apiCertificate;
    }

    /** The root Pebble signs issued certificates under (made anew at each Pebble start). */
    X509Certificate issuingRoot() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(apiCertificate)) {
            trust.setCertificateEntry(
                    "pebble-api", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        HttpResponse<byte[]> root = HttpClient.newBuilder()
                .sslContext(context)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + "/roots/0"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(root.body()));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int freeTcpAndUdpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freePort();
            try (DatagramSocket udp = new DatagramSocket(port)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no port free for both TCP and UDP");
    }

    private static void awaitListening(int port, Path log) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        try {
            throw new AssertionError("Pebble did not listen on " + port + ": " + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
