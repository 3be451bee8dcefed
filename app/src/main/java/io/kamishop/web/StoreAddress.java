package io.kamishop.web;

import io.kamishop.api.StoreUrls;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The store's public URLs. With {@code KAMISHOP_PUBLIC_URL} set, always that; otherwise the scheme and
 * host of the request being served (believed from trusted proxies only), falling back to localhost
 * for work done outside a request or under a host the store does not answer to. A request's host is only
 * used when it is on the {@link AllowedHosts} list: otherwise a forged {@code Host} header would choose
 * where a gateway sends its notification and the buyer's browser (with the order's lookup token) after paying.
 */
public final class StoreAddress implements StoreUrls, io.kamishop.domain.ReturnAddressGuard {

    private static final ThreadLocal<String> REQUEST_BASE = new ThreadLocal<>();
    private static final ThreadLocal<String> REQUEST_HOST = new ThreadLocal<>();
    private final Optional<String> configured;
    private final AllowedHosts allowedHosts;
    private volatile int port;

    public StoreAddress(Optional<String> configured, int port) {
        this(configured, port, AllowedHosts.from(Optional.empty(), configured));
    }

    public StoreAddress(Optional<String> configured, int port, AllowedHosts allowedHosts) {
        this.configured = configured;
        this.port = port;
        this.allowedHosts = allowedHosts;
    }

    public void port(int actualPort) {
        this.port = actualPort;
    }

    /** Called at the start of each request with what the buyer's browser used. */
    public static void enterRequest(String scheme, String host) {
        REQUEST_BASE.set(scheme + "://" + host);
        REQUEST_HOST.set(host);
    }

    /** Whether the request being served reached the store over https (directly or through a trusted proxy). */
    public static boolean requestIsHttps() {
        String base = REQUEST_BASE.get();
        return base != null && base.startsWith("https://");
    }

    public static void leaveRequest() {
        REQUEST_BASE.remove();
        REQUEST_HOST.remove();
    }

    /**
     * Refuses (409 public_url_required) when the URLs a gateway is given would come from a host the
     * store does not answer to: no public URL is configured and the request's host is not allowed.
     */
    @Override
    public void requireTrustworthyReturnAddress() {
        String host = REQUEST_HOST.get();
        if (configured.isPresent() || host == null || allowedHosts.allows(host)) {
            return;
        }
        throw io.kamishop.domain.Refusal.conflict(
                "public_url_required",
                "this store has no public URL configured and was "
                        + "reached under a host name it does not answer to, so it cannot tell the payment gateway where to send the "
                        + "buyer and the payment notification; the merchant sets KAMISHOP_PUBLIC_URL (or adds the host to "
                        + "KAMISHOP_ALLOWED_HOSTS)");
    }

    /**
     * Whether a request under {@code host} may be served a sub-store mapped to that name: the merchant lets the
     * store answer to it (the allow-list), and it is not the public URL's own host, which is always the main store.
     * So a forged {@code Host} reaches a sub-store only under a name the merchant listed, and no sub-store can
     * take over the store's own address.
     */
    public boolean mayServeSubStore(String host) {
        if (host == null || !allowedHosts.allows(host)) {
            return false;
        }
        String name = AllowedHosts.hostName(host);
        return configured
                .map(url -> URI.create(url).getHost())
                .map(AllowedHosts::hostName)
                .filter(name::equals)
                .isEmpty();
    }

    /**
     * The base for addresses written into pages that others may be served from a cache (canonical links,
     * the sitemap): the public URL, or the request's when its host is allowed; empty otherwise, so a forged
     * {@code Host} header can never put another site's name into a page.
     */
    public Optional<String> trustedBase() {
        if (configured.isPresent()) {
            return configured;
        }
        String host = REQUEST_HOST.get();
        return host != null && allowedHosts.allows(host) ? Optional.ofNullable(REQUEST_BASE.get()) : Optional.empty();
    }

    /**
     * Every absolute link the store builds (gateway return and notify URLs, plugin redirects, mail links):
     * the public URL, or the request's when its host is on the allow-list, or localhost. A forged
     * {@code Host} never chooses where a buyer's browser, their lookup token or a gateway's notification goes.
     */
    @Override
    public URI base() {
        return URI.create(trustedBase().orElseGet(() -> "http://localhost:" + port));
    }

    @Override
    public URI notifyUrl(String channelId) {
        return URI.create(base() + "/api/payments/" + encode(channelId) + "/notify");
    }

    @Override
    public URI orderPage(String orderNo, String lookupToken) {
        return URI.create(base() + "/orders/" + encode(orderNo) + "?token=" + encode(lookupToken));
    }

    @Override
    public URI channelPage(String channelId, String subPath) {
        return URI.create(base() + "/pay/" + encode(channelId) + "/" + subPath);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
