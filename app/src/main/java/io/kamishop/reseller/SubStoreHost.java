package io.kamishop.reseller;

import io.kamishop.domain.Refusal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A sub-store's host name: a public DNS name of at least two labels, stored lower case without port or dot. */
final class SubStoreHost {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Names that are never a sub-store's: the loopback names the store always answers to for its merchant. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("localhost", "localhost.localdomain");

    private SubStoreHost() {}

    /** The stored form of a name asked for; null for none; 422 {@code invalid_host} for anything else. */
    static @Nullable String normalise(@Nullable String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!valid(name)) {
            throw Refusal.invalidFields(
                    "invalid_host",
                    "the host name is not valid",
                    Map.of("host", "a domain name such as shop.example.com, without scheme, port or path"));
        }
        return name;
    }

    private static boolean valid(String name) {
        if (name.length() > 253 || RESERVED.contains(name) || name.endsWith(".localhost")) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // The last label of a DNS name is never all digits: that is an IPv4 address, which is not a sub-store's name.
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }
}
