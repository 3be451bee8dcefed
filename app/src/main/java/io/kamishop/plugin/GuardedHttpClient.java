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

/**
 * {@link OutboundHttp} for plugins: refuses loopback, private, link-local, carrier-grade NAT,
 * unique-local and other internal addresses unless the merchant allowed them
 * ({@code KAMISHOP_ALLOW_PRIVATE_OUTBOUND=true}), and never follows redirects (a public address
 * could redirect inside).
 *
 * <p>Limit: the name is resolved here and again by the JDK client when it connects, so a DNS server
 * that answers differently within milliseconds (rebinding) is not stopped. Pinning the address
 * would need our own socket layer; the settings that name hosts are the merchant's own.
 */
final class GuardedHttpClient implements OutboundHttp {

    private final boolean allowPrivate;
    // Built on the first call, not with the plugin: each JDK client starts a selector thread, and the
    // first one loads the whole client stack (~200 ms of a start's main thread), for plugins that
    // may never call out (a payment channel calls its gateway only when a buyer pays).
    private volatile HttpClient client;

    GuardedHttpClient(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        check(request.uri());
        return client().send(request, body);
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    void check(URI uri) throws OutboundRefusedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundRefusedException("only http and https URLs may be called, not " + uri.getScheme());
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new OutboundRefusedException("the URL has no host");
        }
        if (allowPrivate) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new OutboundRefusedException("unknown host " + host);
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw new OutboundRefusedException(host + " is an internal address (" + address.getHostAddress()
                        + "); set KAMISHOP_ALLOW_PRIVATE_OUTBOUND=true to allow it");
            }
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // "this network"
                    || first == 100 && second >= 64 && second < 128   // carrier-grade NAT 100.64/10
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19) // benchmarking 198.18/15
                    || first >= 240;                               // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
    }
}
