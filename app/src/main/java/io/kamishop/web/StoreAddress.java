package io.kamishop.web;

import io.kamishop.api.StoreUrls;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The store's public URLs. With {@code KAMISHOP_PUBLIC_URL} set, always that; otherwise the scheme and
 * host of the request being served (believed from trusted proxies only), falling back to localhost
 * for work done outside a request.
 */
public final class StoreAddress implements StoreUrls {

    private static final ThreadLocal<String> REQUEST_BASE = new ThreadLocal<>();
    private final Optional<String> configured;
    private volatile int port;

    public StoreAddress(Optional<String> configured, int port) {
        this.configured = configured;
        this.port = port;
    }

    public void port(int actualPort) {
        this.port = actualPort;
    }

    /** Called at the start of each request with what the buyer's browser used. */
    public static void enterRequest(String scheme, String host) {
        REQUEST_BASE.set(scheme + "://" + host);
    }

    /** Whether the request being served reached the store over https (directly or through a trusted proxy). */
    public static boolean requestIsHttps() {
        String base = REQUEST_BASE.get();
        return base != null && base.startsWith("https://");
    }

    public static void leaveRequest() {
        REQUEST_BASE.remove();
    }

    @Override
    public URI base() {
        return URI.create(configured.orElseGet(() -> {
            String fromRequest = REQUEST_BASE.get();
            return fromRequest != null ? fromRequest : "http://localhost:" + port;
        }));
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
