package io.kamishop.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where and how the server listens: the bind address, plain HTTP or HTTPS with the store's own
 * certificate (PEM files or ACME), the plain-HTTP port that redirects to HTTPS, and the TLS floor.
 *
 * @param bind          address to listen on; {@code null} means every address (IPv4 and IPv6)
 * @param port          the main port (HTTPS when TLS is on), 0 picks a free one
 * @param redirectPort  a plain-HTTP port that redirects to HTTPS and answers ACME HTTP-01 challenges
 * @param certificate   PEM certificate chain and private key files, when the operator brings them
 * @param acme          ACME settings, when the store gets its certificate itself
 * @param tls12         whether TLS 1.2 is offered besides TLS 1.3
 * @param watchEvery    how often the PEM files are checked for a renewed certificate
 */
public record ListenSettings(
        @Nullable String bind,
        int port,
        OptionalInt redirectPort,
        Optional<PemFiles> certificate,
        Optional<Acme> acme,
        boolean tls12,
        Duration watchEvery) {

    /** The operator's certificate chain and its private key, both PEM. */
    public record PemFiles(Path chain, Path key) {}

    /**
     * ACME: the directory URL (or an {@code acme://} URI acme4j knows), the names to certify, a
     * contact address, and an extra root to trust for the ACME server's own HTTPS (a private CA).
     */
    public record Acme(
            URI directory,
            List<String> domains,
            Optional<String> email,
            Optional<Path> serverRoot,
            Duration checkEvery) {}

    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public boolean tls() {
        return certificate.isPresent() || acme.isPresent();
    }

    /** The settings in {@code values} (the {@code KAMISHOP_*} layer), adding what is wrong to {@code problems}. */
    static ListenSettings parse(Map<String, String> values, int port, List<String> problems) {
        String bindText = value(values, "KAMISHOP_BIND").orElse("0.0.0.0");
        // 0.0.0.0 and :: both mean "every address": Jetty's wildcard (null) listens on IPv4 and IPv6,
        // where a literal 0.0.0.0 would leave out buyers who reach the host over IPv6.
        String bind = bindText.equals("0.0.0.0") || bindText.equals("::") || bindText.equals("[::]") ? null : bindText;
        if (bind != null && !bind.matches("[A-Za-z0-9.:\\[\\]%-]+")) {
            problems.add("KAMISHOP_BIND must be an address or host name, got '" + bindText + "'");
        }
        OptionalInt redirectPort = OptionalInt.empty();
        Optional<String> redirectText = value(values, "KAMISHOP_HTTP_REDIRECT_PORT");
        if (redirectText.isPresent()) {
            try {
                int p = Integer.parseInt(redirectText.get());
                if (p < 0 || p > 65535) {
                    problems.add("KAMISHOP_HTTP_REDIRECT_PORT must be between 0 and 65535, got " + p);
                } else if (p != 0 && p == port) {
                    problems.add("KAMISHOP_HTTP_REDIRECT_PORT must differ from KAMISHOP_PORT");
                }
                redirectPort = OptionalInt.of(p);
            } catch (NumberFormatException e) {
                problems.add("KAMISHOP_HTTP_REDIRECT_PORT must be a number, got '" + redirectText.get() + "'");
            }
        }
        Optional<String> cert = value(values, "KAMISHOP_TLS_CERT");
        Optional<String> key = value(values, "KAMISHOP_TLS_KEY");
        Optional<PemFiles> pem = Optional.empty();
        if (cert.isPresent() != key.isPresent()) {
            problems.add("KAMISHOP_TLS_CERT and KAMISHOP_TLS_KEY go together: set both or neither");
        } else if (cert.isPresent()) {
            pem = Optional.of(new PemFiles(Path.of(cert.get()), Path.of(key.get())));
        }
        Optional<Acme> acme = acme(values, problems);
        if (pem.isPresent() && acme.isPresent()) {
            problems.add("set either KAMISHOP_TLS_CERT/KEY or KAMISHOP_ACME_DIRECTORY, not both");
        }
        if (acme.isPresent() && redirectPort.isEmpty()) {
            problems.add(
                    "ACME's HTTP-01 challenge comes over plain HTTP: set KAMISHOP_HTTP_REDIRECT_PORT (80, or what port 80 forwards to)");
        }
        String min = value(values, "KAMISHOP_TLS_MIN").orElse("1.3");
        if (!min.equals("1.3") && !min.equals("1.2")) {
            problems.add("KAMISHOP_TLS_MIN must be 1.3 or 1.2, got '" + min + "'");
        }
        if (redirectPort.isPresent() && pem.isEmpty() && acme.isEmpty()) {
            problems.add(
                    "KAMISHOP_HTTP_REDIRECT_PORT redirects to HTTPS: it needs KAMISHOP_TLS_CERT/KEY or KAMISHOP_ACME_DIRECTORY");
        }
        Duration watch = seconds(values, "KAMISHOP_TLS_WATCH_SECONDS", 30, problems);
        return new ListenSettings(bind, port, redirectPort, pem, acme, min.equals("1.2"), watch);
    }

    private static Optional<Acme> acme(Map<String, String> values, List<String> problems) {
        Optional<String> directory = value(values, "KAMISHOP_ACME_DIRECTORY");
        Optional<String> domainText = value(values, "KAMISHOP_ACME_DOMAINS");
        if (directory.isEmpty()) {
            if (domainText.isPresent()) {
                problems.add(
                        "KAMISHOP_ACME_DOMAINS needs KAMISHOP_ACME_DIRECTORY (e.g. https://acme-v02.api.letsencrypt.org/directory)");
            }
            return Optional.empty();
        }
        URI uri = null;
        try {
            uri = URI.create(directory.get());
            if (!"https".equals(uri.getScheme()) && !"acme".equals(uri.getScheme())) {
                problems.add(
                        "KAMISHOP_ACME_DIRECTORY must be an https:// (or acme://) URL, got '" + directory.get() + "'");
            }
        } catch (IllegalArgumentException e) {
            problems.add("KAMISHOP_ACME_DIRECTORY is not a URL: '" + directory.get() + "'");
        }
        List<String> domains = new ArrayList<>();
        Arrays.stream(domainText.orElse("").split("[,\\s]+"))
                .map(String::trim)
                .map(d -> d.toLowerCase(java.util.Locale.ROOT))
                .filter(d -> !d.isEmpty())
                .forEach(domains::add);
        if (domains.isEmpty()) {
            problems.add("KAMISHOP_ACME_DOMAINS must name at least one domain (comma-separated)");
        }
        for (String domain : domains) {
            if (!DOMAIN.matcher(domain).matches() || !domain.contains(".") && !domain.equals("localhost")) {
                problems.add("KAMISHOP_ACME_DOMAINS: '" + domain
                        + "' is not a domain name (HTTP-01 cannot prove wildcards or addresses)");
            }
        }
        Optional<String> email = value(values, "KAMISHOP_ACME_EMAIL");
        if (email.isPresent() && !email.get().matches("[^@\\s]+@[^@\\s]+")) {
            problems.add("KAMISHOP_ACME_EMAIL must be an e-mail address, got '" + email.get() + "'");
        }
        Optional<Path> root = value(values, "KAMISHOP_ACME_CA_CERT").map(Path::of);
        Duration check = seconds(values, "KAMISHOP_ACME_CHECK_SECONDS", 12 * 3600, problems);
        return uri == null ? Optional.empty() : Optional.of(new Acme(uri, List.copyOf(domains), email, root, check));
    }

    private static Duration seconds(Map<String, String> values, String name, long fallback, List<String> problems) {
        Optional<String> text = value(values, name);
        if (text.isEmpty()) {
            return Duration.ofSeconds(fallback);
        }
        try {
            long seconds = Long.parseLong(text.get());
            if (seconds < 1) {
                problems.add(name + " must be at least 1, got " + seconds);
                return Duration.ofSeconds(fallback);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            problems.add(name + " must be a number of seconds, got '" + text.get() + "'");
            return Duration.ofSeconds(fallback);
        }
    }

    private static Optional<String> value(Map<String, String> values, String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
