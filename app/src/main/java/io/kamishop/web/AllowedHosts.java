package io.kamishop.web;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The host names the store answers to ({@code KAMISHOP_ALLOWED_HOSTS}, comma-separated; by default
 * localhost, 127.0.0.1, [::1] and the public URL's host). Without a configured public URL the store
 * builds a gateway's return and notify URLs from the request's host, and anyone can send any
 * {@code Host} header: only a host on this list may steer them.
 */
public final class AllowedHosts {

    private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "[::1]");
    private final Set<String> names;

    private AllowedHosts(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** @param list the configured list, absent for the default; @param publicUrl the configured public URL */
    public static AllowedHosts from(Optional<String> list, Optional<String> publicUrl) {
        Set<String> names = new LinkedHashSet<>();
        if (list.isPresent()) {
            for (String entry : list.get().split(",")) {
                if (!entry.isBlank()) {
                    names.add(hostName(entry.strip()));
                }
            }
        } else {
            names.addAll(LOCAL);
        }
        publicUrl
                .map(url -> URI.create(url).getHost())
                .map(AllowedHosts::hostName)
                .ifPresent(names::add);
        return new AllowedHosts(names);
    }

    /** Whether a {@code Host} value (a name, an IPv4 address or a bracketed IPv6 one, with or without a port) is on the list. */
    public boolean allows(String host) {
        return host != null && names.contains(hostName(host));
    }

    public Set<String> names() {
        return names;
    }

    /** The name without its port, in lower case, without a trailing dot ("Shop.Example.:443" is "shop.example"). */
    static String hostName(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            return close < 0 ? name : name.substring(0, close + 1);
        }
        int colon = name.indexOf(':');
        if (colon >= 0 && name.indexOf(':', colon + 1) < 0) {
            name = name.substring(0, colon);
        } else if (colon >= 0) {
            name = "[" + name + "]"; // a bare IPv6 address in the list
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
