package io.kamishop.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An egress proxy inside the store, on a loopback port, that the guarded client's connections go
 * through: it resolves the host name once, refuses it when any address is internal, and connects to
 * exactly the address it checked. That closes DNS rebinding (a name that answers with a public address
 * to the check and with {@code 127.0.0.1} a moment later to the connect).
 *
 * <p>Why a proxy: JDK 17 has no resolver SPI (that is JDK 18's {@code InetAddressResolver}), and the
 * JDK's {@code HttpClient} takes no socket factory; it resolves the name itself. Connecting the client to
 * the checked IP instead would break TLS (the certificate names the host) and HTTP/2's authority, and
 * pinning through the JVM's address cache only narrows the window to a cache expiry. Through a proxy,
 * https is a {@code CONNECT} tunnel: TLS, SNI and certificate checks stay end to end between the client
 * and the gateway, and the proxy only chooses the socket's address. It is the design of Stripe's own
 * egress proxy (smokescreen). Plain http is forwarded one request per connection
 * ({@code Connection: close}), so a pooled connection can never carry a request for another host.
 */
final class GuardedTunnel {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedTunnel.class);
    private static final int MAX_HEAD = 32 * 1024;
    /** An idle tunnel (a pooled keep-alive connection) is closed after this long. */
    private static final int IDLE_MILLIS = (int) Duration.ofMinutes(5).toMillis();
    /** Hop-by-hop headers a forward proxy must not pass on (RFC 9110 7.6.1), and h2c upgrade offers. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "proxy-connection",
            "keep-alive",
            "proxy-authorization",
            "te",
            "trailer",
            "upgrade",
            "http2-settings");

    /** How host names become addresses; the system's by default, replaced in tests to play a rebinding DNS server. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * Name resolution and what counts as internal. Tests replace both: a DNS server that changes its
     * answer, and a loopback fake gateway that plays a public address.
     */
    record Addresses(Resolver resolver, Predicate<InetAddress> internal) {

        static final Addresses SYSTEM = new Addresses(InetAddress::getAllByName, GuardedHttpClient::isInternal);

        /**
         * The address to connect to for this host: every address the name has must be public, and the
         * first one is used, so the address checked is the address connected to.
         */
        InetAddress checked(String host) throws GuardedHttpClient.RefusedHere {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            InetAddress[] addresses;
            try {
                addresses = resolver.resolve(bare);
            } catch (UnknownHostException e) {
                throw new GuardedHttpClient.RefusedHere("unknown host " + host);
            }
            if (addresses == null || addresses.length == 0) {
                throw new GuardedHttpClient.RefusedHere("unknown host " + host);
            }
            for (InetAddress address : addresses) {
                if (internal.test(address)) {
                    throw new GuardedHttpClient.RefusedHere(host + " is an internal address ("
                            + address.getHostAddress() + "); set KAMISHOP_ALLOW_PRIVATE_OUTBOUND=true to allow it");
                }
            }
            return addresses[0];
        }
    }

    private static volatile @Nullable GuardedTunnel shared;

    private final Addresses addresses;
    private final int connectTimeoutMillis;
    private final ServerSocket server;
    private final ExecutorService connections;

    GuardedTunnel(Addresses addresses, Duration connectTimeout) throws IOException {
        this.addresses = addresses;
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        // A thread per plugin connection, living as long as that connection: request-scoped, one
        // tunnel per JVM, not background work of one store.
        AtomicInteger count = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "outbound-tunnel-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::accept, "outbound-tunnel-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The one tunnel of this JVM, started on first use (plugins that never call out never start it). */
    static GuardedTunnel shared() {
        GuardedTunnel tunnel = shared;
        if (tunnel == null) {
            synchronized (GuardedTunnel.class) {
                tunnel = shared;
                if (tunnel == null) {
                    try {
                        tunnel = new GuardedTunnel(Addresses.SYSTEM, Duration.ofSeconds(10));
                    } catch (IOException e) {
                        throw new IllegalStateException("could not open the outbound guard's loopback port", e);
                    }
                    shared = tunnel;
                }
            }
        }
        return tunnel;
    }

    ProxySelector proxySelector() {
        return ProxySelector.of(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
    }

    void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("outbound guard: accept failed: {}", e.toString());
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(IDLE_MILLIS);
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length != 3) {
                return;
            }
            if (requestLine[0].equals("CONNECT")) {
                tunnel(client, requestLine[1]);
            } else {
                forward(client, requestLine, lines);
            }
        } catch (IOException e) {
            LOG.debug("outbound guard: connection ended: {}", e.toString());
        }
    }

    /** https: {@code CONNECT host:port}, then bytes both ways. A refused host gets a 403 and no connection. */
    private void tunnel(Socket client, String authority) throws IOException {
        URI target = URI.create("//" + authority);
        if (target.getHost() == null || target.getPort() < 0) {
            answer(client, "400 Bad Request");
            return;
        }
        Socket upstream;
        try {
            upstream = connect(target.getHost(), target.getPort());
        } catch (GuardedHttpClient.RefusedHere e) {
            LOG.warn("outbound guard refused {}: {}", authority, e.getMessage());
            answer(client, "403 Forbidden");
            return;
        }
        try (upstream) {
            client.getOutputStream()
                    .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            pipe(client, upstream, new byte[0]);
        }
    }

    /**
     * Plain http: the request in absolute form, rewritten to origin form with {@code Connection: close}.
     * A refused host gets the connection closed without an answer, so the caller sees an I/O error and
     * never an answer it could take for the gateway's.
     */
    private void forward(Socket client, String[] requestLine, String[] lines) throws IOException {
        URI target;
        try {
            target = URI.create(requestLine[1]);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
            return;
        }
        int port = target.getPort() < 0 ? 80 : target.getPort();
        Socket upstream;
        try {
            upstream = connect(target.getHost(), port);
        } catch (GuardedHttpClient.RefusedHere e) {
            LOG.warn("outbound guard refused {}: {}", target.getHost(), e.getMessage());
            return;
        }
        StringBuilder head = new StringBuilder();
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        head.append(requestLine[0])
                .append(' ')
                .append(path)
                .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                .append(' ')
                .append(requestLine[2])
                .append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon < 0 ? "" : lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (!lines[i].isEmpty() && !HOP_BY_HOP.contains(name)) {
                head.append(lines[i]).append("\r\n");
            }
        }
        head.append("Connection: close\r\n\r\n");
        try (upstream) {
            pipe(client, upstream, head.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private Socket connect(String host, int port) throws IOException {
        InetAddress address = addresses.checked(host);
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
            upstream.setSoTimeout(IDLE_MILLIS);
            return upstream;
        } catch (IOException e) {
            upstream.close();
            throw e;
        }
    }

    /** Copies client → upstream on a second thread and upstream → client here, until either side ends. */
    private void pipe(Socket client, Socket upstream, byte[] first) throws IOException {
        OutputStream toUpstream = upstream.getOutputStream();
        toUpstream.write(first);
        toUpstream.flush();
        connections.execute(() -> {
            try {
                client.getInputStream().transferTo(toUpstream);
                upstream.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(upstream);
            }
        });
        try {
            upstream.getInputStream().transferTo(client.getOutputStream());
        } finally {
            closeQuietly(client);
        }
    }

    private static void answer(Socket client, String status) throws IOException {
        client.getOutputStream()
                .write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
    }

    /** The request head up to and without the blank line; {@code null} when the client sent none or too much. */
    private static byte @Nullable [] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                byte[] bytes = head.toByteArray();
                return java.util.Arrays.copyOf(bytes, bytes.length - 4);
            }
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed by the other direction
        }
    }
}
