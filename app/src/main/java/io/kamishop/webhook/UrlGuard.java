package io.kamishop.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Keeps webhook requests off the store's own network (SSRF): only http(s) URLs whose host resolves
 * to public addresses, unless the operator allows private ones ({@code KAMISHOP_WEBHOOK_ALLOW_PRIVATE=true},
 * for a merchant whose receiver runs beside the store). Checked when the endpoint is saved and again
 * before every attempt, since DNS answers change. Redirects are never followed.
 */
final class UrlGuard {

    private final boolean allowPrivate;

    UrlGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The URL, or an {@link IllegalArgumentException} saying why it may not be called. */
    URI check(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("must be an http(s) URL with a host and no user info");
        }
        if (allowPrivate) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("its host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                    || address.isSiteLocalAddress() || address.isMulticastAddress() || isUniqueLocalV6(address)
                    || isCarrierGradeNat(address)) {
                throw new IllegalArgumentException("points into a private network (" + address.getHostAddress() + ")");
            }
        }
        return uri;
    }

    private static boolean isUniqueLocalV6(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
