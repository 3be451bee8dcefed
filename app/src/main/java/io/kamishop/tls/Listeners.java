package io.kamishop.tls;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.config.ListenSettings;
import io.kamishop.crypto.SecretBox;
import io.kamishop.work.BackgroundWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the server listens: plain HTTP on {@code KAMISHOP_BIND}:{@code KAMISHOP_PORT}, or HTTPS there
 * with the store's own certificate (PEM files it re-reads when they change, or one it gets by ACME),
 * plus an optional plain-HTTP port that redirects to HTTPS and answers ACME HTTP-01 challenges.
 *
 * <p>TLS 1.3 only unless {@code KAMISHOP_TLS_MIN=1.2}. A new certificate is swapped into Jetty's
 * {@link SslContextFactory} in place: new handshakes get it, open connections keep theirs, no
 * restart. HSTS is sent by the HTTPS connector itself (Jetty's {@link SecureRequestCustomizer}), so
 * it is said only on a connection that really is TLS.
 */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    /** One year, the HSTS preload list's floor; subdomains are left alone (they may be other services). */
    public static final long HSTS_SECONDS = 365L * 24 * 3600;

    static final String ACME_CHALLENGE_PATH = "/.well-known/acme-challenge/";
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:\\d+)?");

    /** While still on the placeholder certificate, ACME is asked again at least this often. */
    private static final Duration PLACEHOLDER_RETRY = Duration.ofMinutes(10);

    private final ListenSettings settings;
    private final Duration drainFor;
    // Null without TLS (plain HTTP behind a proxy): no context and no certificate.
    private final SslContextFactory.@Nullable Server ssl;
    private final Optional<AcmeCertificates> acme;
    private volatile @Nullable ServerCertificate current;
    // Null until Jetty builds them (never without TLS); redirect also without a redirect port.
    private volatile @Nullable ServerConnector main;
    private volatile @Nullable ServerConnector redirect;
    // Jetty's server, kept from configure so that start can set its graceful stop; null until configure.
    private volatile @Nullable Server jetty;
    // Digests of the certificate files: the pair in use (null without files), the last pair refused (null when none).
    private byte @Nullable [] filesDigest;
    private byte @Nullable [] refusedDigest;

    private Listeners(
            ListenSettings settings,
            Duration drainFor,
            Optional<AcmeCertificates> acme,
            @Nullable ServerCertificate first) {
        this.settings = settings;
        this.drainFor = drainFor;
        this.acme = acme;
        this.current = first;
        if (settings.tls()) {
            this.ssl = new SslContextFactory.Server();
            // TLS means certificate files or ACME, and create gives both a first certificate.
            ssl.setKeyStore(Objects.requireNonNull(first).keyStore());
            ssl.setKeyStorePassword(new String(ServerCertificate.STORE_PASSWORD));
            ssl.setCertAlias(ServerCertificate.ALIAS);
            ssl.setIncludeProtocols(settings.tls12() ? new String[] {"TLSv1.3", "TLSv1.2"} : new String[] {"TLSv1.3"});
            ssl.setRenegotiationAllowed(false);
            // A buyer who reaches the store by its address sees the name mismatch in the browser; a 400
            // for a Host the certificate does not name would only hide what is wrong.
            ssl.setSniRequired(false);
        } else {
            this.ssl = null;
        }
    }

    /**
     * Reads the certificate the settings point at (fails the start with a clear message when it
     * cannot), or for ACME the one stored in {@code dataDir}/tls, else a placeholder until ACME answers.
     */
    public static Listeners create(
            ListenSettings settings, Path dataDir, SecretBox tlsKeys, Clock clock, Duration drainFor) {
        if (settings.certificate().isPresent()) {
            ListenSettings.PemFiles files = settings.certificate().get();
            Listeners listeners = new Listeners(settings, drainFor, Optional.empty(), read(files));
            listeners.filesDigest = digest(files);
            return listeners;
        }
        if (settings.acme().isPresent()) {
            AcmeCertificates acme = new AcmeCertificates(settings.acme().get(), dataDir.resolve("tls"), tlsKeys, clock);
            ServerCertificate first = acme.stored()
                    .orElseGet(() ->
                            SelfSigned.create(settings.acme().get().domains(), clock.instant(), Duration.ofDays(7)));
            return new Listeners(settings, drainFor, Optional.of(acme), first);
        }
        return new Listeners(settings, drainFor, Optional.empty(), null);
    }

    /** Declares the connectors (inside {@code Javalin.create}). */
    public void configure(JavalinConfig javalin) {
        // Graceful stop (set once started, see start): Jetty stops accepting, then waits this long for requests
        // in flight (a payment notification half-way through its transaction) before it closes what is left.
        javalin.jetty.modifyServer(server -> jetty = server);
        if (!settings.tls()) {
            javalin.jetty.defaultHost = settings.bind();
            javalin.jetty.defaultPort = settings.port();
            return;
        }
        javalin.jetty.addConnector((server, http) -> {
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer(false, HSTS_SECONDS, false);
            https.addCustomizer(secure);
            ServerConnector connector = new ServerConnector(
                    server,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
            connector.setHost(settings.bind());
            connector.setPort(settings.port());
            connector.setName("https");
            main = connector;
            return connector;
        });
        settings.redirectPort()
                .ifPresent(port -> javalin.jetty.addConnector((server, http) -> {
                    ServerConnector connector =
                            new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration(http)));
                    connector.setHost(settings.bind());
                    connector.setPort(port);
                    connector.setName("http-redirect");
                    redirect = connector;
                    return connector;
                }));
    }

    /** The redirect to HTTPS and the ACME challenge route; registered before every other handler. */
    public void register(JavalinDefaultRoutingApi<?> routes) {
        if (!settings.tls()) {
            return;
        }
        routes.before(ctx -> {
            if (ctx.req().isSecure() || ctx.path().startsWith(ACME_CHALLENGE_PATH)) {
                return;
            }
            ctx.redirect(
                    httpsUrl(ctx),
                    ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD")
                            ? HttpStatus.MOVED_PERMANENTLY
                            : HttpStatus.PERMANENT_REDIRECT);
            ctx.skipRemainingHandlers();
        });
        routes.get(ACME_CHALLENGE_PATH + "{token}", ctx -> {
            Optional<String> answer = acme.flatMap(a -> a.answer(ctx.pathParam("token")));
            if (answer.isEmpty()) {
                ctx.status(404).contentType("text/plain").result("no such challenge");
                return;
            }
            ctx.contentType("application/octet-stream").result(answer.get());
        });
    }

    private String httpsUrl(Context ctx) {
        String host = ctx.host();
        String name;
        if (host != null && HOST.matcher(host).matches()) {
            name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceAll(":\\d+$", "");
        } else {
            name = settings.acme().map(a -> a.domains().get(0)).orElse("localhost");
        }
        int port = main == null ? settings.port() : main.getLocalPort();
        String query = ctx.queryString();
        return "https://" + name + (port == 443 ? "" : ":" + port) + ctx.path() + (query == null ? "" : "?" + query);
    }

    /** Starts serving, then the certificate watch (PEM files) or the ACME schedule. */
    public void start(Javalin app, BackgroundWork work) {
        // The graceful stop only once serving: a start that fails (the port taken) is stopped by Javalin at once,
        // and a graceful stop of handlers that never started throws "STOPPED" in place of the failure, so the
        // store exited without saying its port was in use.
        app.start();
        Server server = jetty;
        if (server != null) {
            server.setStopTimeout(drainFor.toMillis());
        }
        if (!settings.tls()) {
            return;
        }
        if (settings.certificate().isPresent()) {
            Duration every = settings.watchEvery();
            work.every("tls", every, every, this::reloadIfFilesChanged);
        }
        acme.ifPresent(a -> work.repeat("tls", Duration.ZERO, this::renewByAcme, PLACEHOLDER_RETRY));
    }

    /** {@code https} when the store serves TLS itself, else {@code http}. */
    public String scheme() {
        return settings.tls() ? "https" : "http";
    }

    /** The port that redirects to HTTPS, once started. */
    public Optional<Integer> redirectPort() {
        return Optional.ofNullable(redirect).map(ServerConnector::getLocalPort);
    }

    /** The certificate new handshakes get. */
    public Optional<ServerCertificate> certificate() {
        return Optional.ofNullable(current);
    }

    /** Runs an ACME check now (renews when due) and returns the certificate served afterwards. */
    public Optional<ServerCertificate> renewNow() {
        acme.ifPresent(a -> a.renewIfDue(current).ifPresent(this::install));
        return certificate();
    }

    private Duration renewByAcme() {
        AcmeCertificates certificates = acme.orElseThrow();
        Duration next = settings.acme().orElseThrow().checkEvery();
        try {
            certificates.renewIfDue(current).ifPresent(this::install);
        } catch (RuntimeException e) {
            LOG.warn("could not get a certificate by ACME; retrying: {}", e.getMessage());
        }
        if (!certificates.isIssued(current)) {
            // Still on the placeholder: try again soon rather than in half a day.
            next = next.compareTo(PLACEHOLDER_RETRY) < 0 ? next : PLACEHOLDER_RETRY;
        }
        return next;
    }

    void reloadIfFilesChanged() {
        ListenSettings.PemFiles files = settings.certificate().orElseThrow();
        try {
            byte[] now = digest(files);
            if (Arrays.equals(now, filesDigest) || Arrays.equals(now, refusedDigest)) {
                return;
            }
            refusedDigest = now; // until it parses: one warning per version of the files, not one per look
            // A renewal tool may be half-way through writing the pair: a chain that does not fit the
            // key fails to parse, and the next look (after it finished) succeeds.
            ServerCertificate renewed = read(files);
            install(renewed);
            filesDigest = now;
            refusedDigest = null;
        } catch (RuntimeException e) {
            LOG.warn(
                    "the TLS certificate files changed but cannot be used yet; still serving the previous certificate: {}",
                    e.getMessage());
        }
    }

    private synchronized void install(ServerCertificate certificate) {
        // Only certificate files and ACME install, and either means TLS, which has a context.
        SslContextFactory.Server context = Objects.requireNonNull(ssl);
        try {
            context.reload(factory -> factory.setKeyStore(certificate.keyStore()));
        } catch (Exception e) {
            throw new IllegalStateException("Jetty refused the new certificate: " + e.getMessage(), e);
        }
        current = certificate;
        LOG.info(
                "serving the TLS certificate for {} (valid until {})",
                certificate.leaf().getSubjectX500Principal().getName(),
                certificate.notAfter());
    }

    private static ServerCertificate read(ListenSettings.PemFiles files) {
        try {
            return ServerCertificate.fromPem(
                    Files.readString(files.chain(), StandardCharsets.US_ASCII),
                    Files.readString(files.key(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the TLS certificate or key (" + files.chain() + ", " + files.key() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("KAMISHOP_TLS_CERT/KEY: " + e.getMessage(), e);
        }
    }

    private static byte[] digest(ListenSettings.PemFiles files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : List.of(files.chain(), files.key())) {
                sha.update(Files.readAllBytes(file));
            }
            return sha.digest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.chain() + " or " + files.key(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
