package io.kamishop.plugin;

import io.kamishop.api.OutboundHttp;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@link OutboundHttp} for plugins: refuses loopback, private, link-local, carrier-grade NAT,
 * unique-local and other internal addresses unless the merchant allowed them
 * ({@code KAMISHOP_ALLOW_PRIVATE_OUTBOUND=true}), and never follows redirects (a public address
 * could redirect inside).
 *
 * <p>The check here gives the caller a clear refusal before anything is sent; the connection itself
 * goes through {@link GuardedTunnel}, which resolves the name once more, checks that answer and
 * connects to exactly the address it checked, so a DNS server that answers differently the second
 * time (rebinding) reaches nothing inside.
 */
final class GuardedHttpClient implements OutboundHttp {

    private final boolean allowPrivate;
    private final GuardedTunnel.Addresses addresses;
    private final java.util.function.Supplier<GuardedTunnel> tunnel;
    // Built on the first call, not with the plugin: each JDK client starts a selector thread, and the
    // first one loads the whole client stack (~200 ms of a start's main thread), for plugins that
    // may never call out (a payment channel calls its gateway only when a buyer pays).
    private volatile @Nullable HttpClient client;

    GuardedHttpClient(boolean allowPrivate) {
        this(allowPrivate, GuardedTunnel.Addresses.SYSTEM, GuardedTunnel::shared);
    }

    /** With another name resolution and tunnel: tests play a rebinding DNS server through these. */
    GuardedHttpClient(
            boolean allowPrivate,
            GuardedTunnel.Addresses addresses,
            java.util.function.Supplier<GuardedTunnel> tunnel) {
        this.allowPrivate = allowPrivate;
        this.addresses = addresses;
        this.tunnel = tunnel;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        check(request.uri());
        return client().send(request, body);
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    HttpClient.Builder builder = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NEVER);
                    if (!allowPrivate) {
                        // Every connection through the tunnel: the address it checks is the one it connects to.
                        builder.proxy(tunnel.get().proxySelector());
                    }
                    built = builder.build();
                    client = built;
                }
            }
        }
        return built;
    }

    void check(URI uri) throws OutboundRefusedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedHere("only http and https URLs may be called, not " + uri.getScheme());
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedHere("the URL has no host");
        }
        if (allowPrivate) {
            return;
        }
        addresses.checked(host);
    }

    /** A refusal raised inside the store's own outbound path (the check or the tunnel). */
    static final class RefusedHere extends OutboundRefusedException {
        RefusedHere(String message) {
            super(message);
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || first == 100 && second >= 64 && second < 128 // carrier-grade NAT 100.64/10
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19) // benchmarking 198.18/15
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            // IPv6 forms that carry an IPv4 address a router turns back into IPv4: judged by that address.
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                try {
                    return isInternal(InetAddress.getByAddress(embedded));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-compatible, NAT64, 6to4 or Teredo IPv6 address; {@code null} otherwise. */
    static byte @Nullable [] embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        if (zeroPrefix && (b[10] == 0 && b[11] == 0 || b[10] == (byte) 0xff && b[11] == (byte) 0xff)) {
            return new byte[] {b[12], b[13], b[14], b[15]}; // ::a.b.c.d and ::ffff:a.b.c.d
        }
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
            return new byte[] {b[12], b[13], b[14], b[15]}; // NAT64 64:ff9b::/96 (and the local-use 64:ff9b:1::/48)
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]}; // 6to4 2002::/16
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            // Teredo 2001::/32: the client's address, inverted, in the last 32 bits.
            return new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
        }
        return null;
    }
}
