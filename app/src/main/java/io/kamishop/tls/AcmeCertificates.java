package io.kamishop.tls;

import io.kamishop.config.ListenSettings;
import io.kamishop.crypto.SecretBox;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates by ACME (RFC 8555) with acme4j: an account (its key made once, sealed under the
 * store's key ring in {@code <data dir>/tls}), an order for the configured domains proved by HTTP-01
 * (the store answers {@code /.well-known/acme-challenge/<token>} itself), and the issued chain kept
 * next to the account with its private key sealed too, so a restart serves it without a new order.
 *
 * <p>Renewed when two thirds of its lifetime have passed (Let's Encrypt's own advice: day 60 of 90),
 * or at once when the stored certificate does not cover the configured domains.
 */
final class AcmeCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificates.class);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String ACCOUNT_KEY = "acme-account.key.sealed";
    private static final String CHAIN = "certificate.pem";
    private static final String KEY = "certificate.key.sealed";

    private final ListenSettings.Acme settings;
    private final Path folder;
    private final SecretBox seal;
    private final Clock clock;
    private final Map<String, String> challenges = new ConcurrentHashMap<>();

    static {
        // acme4j signs its CSR and reads keys through the "BC" provider by name. Added last, so the
        // JDK's own providers keep serving everything else (TLS, AES-GCM) as before.
        if (java.security.Security.getProvider("BC") == null) {
            java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        }
    }

    AcmeCertificates(ListenSettings.Acme settings, Path folder, SecretBox seal, Clock clock) {
        this.settings = settings;
        this.folder = folder;
        this.seal = seal;
        this.clock = clock;
    }

    /** The answer to an HTTP-01 challenge this store is being asked right now. */
    Optional<String> answer(String token) {
        return Optional.ofNullable(challenges.get(token));
    }

    /** The certificate kept from a previous order, if there is one and it opens. */
    Optional<ServerCertificate> stored() {
        Path chain = folder.resolve(CHAIN);
        Path key = folder.resolve(KEY);
        if (!Files.isRegularFile(chain) || !Files.isRegularFile(key)) {
            return Optional.empty();
        }
        try {
            String keyPem = seal.openText(
                    Files.readString(key, StandardCharsets.US_ASCII).trim(), "tls certificate key");
            return Optional.of(ServerCertificate.fromPem(Files.readString(chain, StandardCharsets.US_ASCII), keyPem));
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "the stored ACME certificate in {} cannot be used ({}); ordering a new one",
                    folder,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether {@code certificate} is one the CA issued for every configured domain (not the placeholder). */
    boolean isIssued(@Nullable ServerCertificate certificate) {
        if (certificate == null) {
            return false;
        }
        X509Certificate leaf = certificate.leaf();
        if (leaf.getIssuerX500Principal().equals(leaf.getSubjectX500Principal())
                && certificate.chain().size() == 1) {
            return false; // self-signed: the placeholder
        }
        return names(leaf).containsAll(settings.domains());
    }

    /** Orders a new certificate when {@code current} is missing, a placeholder, for other names or due; else nothing. */
    Optional<ServerCertificate> renewIfDue(@Nullable ServerCertificate current) {
        if (current != null && isIssued(current) && !due(current)) {
            return Optional.empty();
        }
        try {
            ServerCertificate issued = order();
            keep(issued);
            return Optional.of(issued);
        } catch (AcmeException e) {
            throw new IllegalStateException("ACME at " + settings.directory() + " refused: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ACME server", e);
        }
    }

    private boolean due(ServerCertificate certificate) {
        Instant from = certificate.leaf().getNotBefore().toInstant();
        Instant until = certificate.notAfter();
        Instant renewAt =
                from.plus(Duration.between(from, until).multipliedBy(2).dividedBy(3));
        return !clock.instant().isBefore(renewAt);
    }

    private ServerCertificate order() throws AcmeException, InterruptedException {
        Session session = session();
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey());
        settings.email().ifPresent(builder::addEmail);
        Account account = builder.create(session);
        Order order = account.newOrder().domains(settings.domains()).create();
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() == Status.VALID) {
                continue;
            }
            Http01Challenge challenge = authorization
                    .findChallenge(Http01Challenge.class)
                    .orElseThrow(() -> new IllegalStateException("the ACME server offers no HTTP-01 challenge for "
                            + authorization.getIdentifier().getDomain()));
            challenges.put(challenge.getToken(), challenge.getAuthorization());
            try {
                challenge.trigger();
                Status status = authorization.waitForCompletion(WAIT);
                if (status != Status.VALID) {
                    throw new IllegalStateException("the ACME server could not verify "
                            + authorization.getIdentifier().getDomain()
                            + " over HTTP-01: "
                            + challenge.getError().map(Object::toString).orElse(status.toString())
                            + " (port 80 must reach KAMISHOP_HTTP_REDIRECT_PORT)");
                }
            } finally {
                challenges.remove(challenge.getToken());
            }
        }
        KeyPair domainKey = KeyPairUtils.createECKeyPair("secp256r1");
        order.execute(domainKey);
        Status status = order.waitForCompletion(WAIT);
        if (status != Status.VALID) {
            throw new IllegalStateException("the ACME order ended " + status + ": "
                    + order.getError().map(Object::toString).orElse(""));
        }
        List<X509Certificate> chain = order.getCertificate().getCertificateChain();
        ServerCertificate issued = new ServerCertificate(chain, domainKey.getPrivate());
        LOG.info("ACME issued a certificate for {} valid until {}", settings.domains(), issued.notAfter());
        return issued;
    }

    private Session session() {
        if (settings.serverRoot().isEmpty()) {
            return new Session(settings.directory());
        }
        // A private ACME server (step-ca, Pebble) whose own HTTPS certificate comes from a root the
        // JVM does not know: trust that root for the ACME connection only, nothing else.
        SSLContext context = trusting(settings.serverRoot().get());
        return new Session(settings.directory(), new GenericAcmeProvider() {
            @Override
            protected HttpConnector createHttpConnector(NetworkSettings network) {
                return new HttpConnector(network) {
                    @Override
                    public HttpClient.Builder createClientBuilder() {
                        return super.createClientBuilder().sslContext(context);
                    }
                };
            }
        });
    }

    private static SSLContext trusting(Path rootPem) {
        try (InputStream in = Files.newInputStream(rootPem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("root-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read KAMISHOP_ACME_CA_CERT " + rootPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "KAMISHOP_ACME_CA_CERT " + rootPem + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The account key: made on the first order, then read back (sealed) so the account stays the same. */
    private KeyPair accountKey() {
        Path file = folder.resolve(ACCOUNT_KEY);
        try {
            if (Files.isRegularFile(file)) {
                String pem = seal.openText(
                        Files.readString(file, StandardCharsets.US_ASCII).trim(), "acme account key");
                return KeyPairUtils.readKeyPair(new StringReader(pem));
            }
            KeyPair pair = KeyPairUtils.createECKeyPair("secp384r1");
            StringWriter pem = new StringWriter();
            KeyPairUtils.writeKeyPair(pair, pem);
            writeOwnerOnly(file, seal.sealText(pem.toString(), "acme account key"));
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the ACME account key in " + folder, e);
        }
    }

    private void keep(ServerCertificate certificate) {
        writeOwnerOnly(folder.resolve(KEY), seal.sealText(certificate.keyPem(), "tls certificate key"));
        writeOwnerOnly(folder.resolve(CHAIN), certificate.chainPem());
    }

    /** Written to a temporary file and moved over the old one: a crash leaves the old file or the new, never half. */
    private void writeOwnerOnly(Path file, String content) {
        try {
            Files.createDirectories(folder);
            restrict(folder, "rwx------");
            Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
            restrict(temporary, "rw-------");
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the data dir's own permissions are what protects it.
        }
    }

    private static Set<String> names(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(name.get(0))) {
                        names.add(name.get(1).toString().toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            return names;
        }
        return names;
    }
}
