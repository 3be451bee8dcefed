package io.kamishop.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kamishop.tls.SelfSigned;
import io.kamishop.tls.ServerCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: the address the outbound guard checks is the address connected to. A DNS server that
 * answers with a public address to the check and with an internal one afterwards (rebinding) must
 * reach nothing inside. Played here with an injected name resolution: {@code 127.0.0.1} stands for a
 * public gateway, {@code 127.0.0.2} for the service inside the merchant's network.
 */
class OutboundRebindingTest {

    static final InetAddress PUBLIC = address(127, 0, 0, 1);
    static final InetAddress INSIDE = address(127, 0, 0, 2);

    final List<AutoCloseable> open = new ArrayList<>();
    final AtomicInteger publicHits = new AtomicInteger();
    final AtomicInteger insideHits = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name that answers {@link #PUBLIC} to its first {@code honest} lookups and {@link #INSIDE} after. */
    GuardedTunnel.Addresses rebindingAfter(int honest) {
        return new GuardedTunnel.Addresses(
                host -> {
                    if (!host.equals("gateway.test")) {
                        return new InetAddress[] {PUBLIC};
                    }
                    return new InetAddress[] {lookups.incrementAndGet() <= honest ? PUBLIC : INSIDE};
                },
                a -> !a.equals(PUBLIC) && GuardedHttpClient.isInternal(a));
    }

    GuardedTunnel tunnel(GuardedTunnel.Addresses addresses) throws IOException {
        GuardedTunnel tunnel = new GuardedTunnel(addresses, Duration.ofSeconds(2));
        open.add(tunnel::close);
        return tunnel;
    }

    /** The same port on both addresses, as one name with two answers would give. */
    int plainServers() throws IOException {
        HttpServer inside = HttpServer.create(new InetSocketAddress(INSIDE, 0), 0);
        int port = inside.getAddress().getPort();
        HttpServer gateway = HttpServer.create(new InetSocketAddress(PUBLIC, port), 0);
        inside.createContext("/", exchange -> {
            insideHits.incrementAndGet();
            byte[] body = "inside".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.createContext("/", exchange -> {
            publicHits.incrementAndGet();
            byte[] sent = exchange.getRequestBody().readAllBytes();
            byte[] body = ("gateway " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host="
                            + exchange.getRequestHeaders().getFirst("Host") + " body="
                            + new String(sent, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        inside.start();
        gateway.start();
        open.add(() -> inside.stop(0));
        open.add(() -> gateway.stop(0));
        return port;
    }

    @Test
    void theConnectionGoesToTheAddressTheGuardChecked() throws Exception {
        int port = plainServers();
        // The check and the tunnel each look the name up once; a third lookup would be answered "inside".
        GuardedTunnel.Addresses addresses = rebindingAfter(2);
        GuardedHttpClient guarded = new GuardedHttpClient(false, addresses, tunnelOf(addresses));
        HttpResponse<String> answer =
                guarded.send(HttpRequest.newBuilder(URI.create("http://gateway.test:" + port + "/pay?o=1"))
                        .POST(HttpRequest.BodyPublishers.ofString("amount=10.00"))
                        .timeout(Duration.ofSeconds(10))
                        .build());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("gateway POST /pay?o=1 host=gateway.test:" + port + " body=amount=10.00");
        assertThat(insideHits).hasValue(0);
        assertThat(lookups)
                .as("looked up by the check and by the tunnel, never by the JDK")
                .hasValue(2);
    }

    @Test
    void aNameThatRebindsAfterTheCheckReachesNothingInside() throws Exception {
        int port = plainServers();
        GuardedTunnel.Addresses addresses = rebindingAfter(1);
        GuardedHttpClient guarded = new GuardedHttpClient(false, addresses, tunnelOf(addresses));
        assertThatThrownBy(() -> guarded.send(
                        HttpRequest.newBuilder(URI.create("http://gateway.test:" + port + "/latest/meta-data"))
                                .timeout(Duration.ofSeconds(10))
                                .build()))
                .isInstanceOf(IOException.class);
        assertThat(insideHits).hasValue(0);
        assertThat(publicHits).hasValue(0);
    }

    @Test
    void httpsIsTunnelledWithTheCertificateCheckedAgainstTheNameAndRebindingRefused() throws Exception {
        ServerCertificate certificate = SelfSigned.create(List.of("gateway.test"), Instant.now(), Duration.ofDays(1));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                "gateway",
                certificate.key(),
                new char[0],
                certificate.chain().toArray(new java.security.cert.Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        HttpsServer inside = HttpsServer.create(new InetSocketAddress(INSIDE, 0), 0);
        int port = inside.getAddress().getPort();
        HttpsServer gateway = HttpsServer.create(new InetSocketAddress(PUBLIC, port), 0);
        for (HttpsServer server : List.of(inside, gateway)) {
            AtomicInteger hits = server == inside ? insideHits : publicHits;
            server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
            server.createContext("/", exchange -> {
                hits.incrementAndGet();
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            open.add(() -> server.stop(0));
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("gateway", certificate.leaf());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        GuardedTunnel honest = tunnel(rebindingAfter(Integer.MAX_VALUE));
        HttpClient client = HttpClient.newBuilder()
                .proxy(honest.proxySelector())
                .sslContext(clientTls)
                .build();
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(URI.create("https://gateway.test:" + port + "/v1/checkout"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).isEqualTo("ok");
        assertThat(publicHits).hasValue(1);
        // The certificate is checked against the name asked for, end to end: another name on the same address fails.
        assertThatThrownBy(() -> client.send(
                        HttpRequest.newBuilder(URI.create("https://other.test:" + port + "/"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);

        lookups.set(0);
        GuardedTunnel rebinding = tunnel(rebindingAfter(0));
        HttpClient rebound = HttpClient.newBuilder()
                .proxy(rebinding.proxySelector())
                .sslContext(clientTls)
                .build();
        assertThatThrownBy(() -> rebound.send(
                        HttpRequest.newBuilder(URI.create("https://gateway.test:" + port + "/"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(insideHits).hasValue(0);
    }

    private java.util.function.Supplier<GuardedTunnel> tunnelOf(GuardedTunnel.Addresses addresses) throws IOException {
        GuardedTunnel tunnel = tunnel(addresses);
        return () -> tunnel;
    }
}
