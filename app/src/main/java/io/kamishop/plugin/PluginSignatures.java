package io.kamishop.plugin;

import io.kamishop.config.AppConfig;
import io.kamishop.domain.Refusal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signatures of plugin files. A signed plugin carries {@value PluginArchive#SIGNATURE_ENTRY}
 * (properties {@code publisher} and {@code signature}, base64) over {@link PluginArchive#signedText()}:
 * the names and SHA-256 of all its other entries. Signing inside the file keeps upload a single
 * octet-stream and survives storage in the database unchanged.
 *
 * <p>Trusted publishers: the bundled one (a key pair made fresh by each build, see
 * {@link BundledPluginSigner}; only its public half ships, in {@value #BUNDLED_KEY_RESOURCE}), plus
 * {@code KAMISHOP_TRUSTED_PLUGIN_KEYS} = {@code name=base64key,...}. With
 * {@code KAMISHOP_REQUIRE_SIGNED_PLUGINS=true} an unsigned or unknown-publisher plugin is refused.
 * A signature that does not verify is always refused: the file was changed after signing.
 */
public final class PluginSignatures {

    public static final String BUNDLED_PUBLISHER = "kamishop-bundled";
    static final String BUNDLED_KEY_RESOURCE = "/bundled-publisher.key";

    private final Map<String, Ed25519PublicKeyParameters> trusted;
    private final boolean required;

    PluginSignatures(Map<String, Ed25519PublicKeyParameters> trusted, boolean required) {
        this.trusted = Map.copyOf(trusted);
        this.required = required;
    }

    public static PluginSignatures from(AppConfig config) {
        Map<String, Ed25519PublicKeyParameters> keys = new LinkedHashMap<>();
        bundledKey().ifPresent(key -> keys.put(BUNDLED_PUBLISHER, key));
        for (String entry :
                config.override("KAMISHOP_TRUSTED_PLUGIN_KEYS").orElse("").split("[,\\s]+")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "KAMISHOP_TRUSTED_PLUGIN_KEYS entries are name=base64key, got '" + entry + "'");
            }
            keys.put(entry.substring(0, eq), publicKey(entry.substring(eq + 1)));
        }
        boolean required = config.override("KAMISHOP_REQUIRE_SIGNED_PLUGINS")
                .map(Boolean::parseBoolean)
                .orElse(false);
        return new PluginSignatures(keys, required);
    }

    /** The publisher name of this build's bundled plugins, when this store has the build's key to trust them by. */
    Optional<String> bundledPublisher() {
        return trusted.containsKey(BUNDLED_PUBLISHER) ? Optional.of(BUNDLED_PUBLISHER) : Optional.empty();
    }

    /**
     * The trusted publisher who signed the file, or empty when it is unsigned or signed by someone
     * we do not know (refused when signatures are required). A broken signature is always refused.
     */
    public Optional<String> verify(PluginArchive archive) {
        if (archive.signature() == null) {
            if (required) {
                throw Refusal.invalid(
                        "signature_required",
                        "plugin " + archive.id()
                                + " is not signed, and this store only installs signed plugins (KAMISHOP_REQUIRE_SIGNED_PLUGINS)");
            }
            return Optional.empty();
        }
        Properties properties = new Properties();
        try {
            properties.load(new ByteArrayInputStream(archive.signature()));
        } catch (IOException | IllegalArgumentException e) {
            throw Refusal.invalid("signature_invalid", "the plugin's signature entry is unreadable");
        }
        String publisher = properties.getProperty("publisher", "").trim();
        Ed25519PublicKeyParameters key = trusted.get(publisher);
        if (key == null) {
            if (required) {
                throw Refusal.invalid(
                        "signature_untrusted",
                        "plugin " + archive.id() + " is signed by '" + publisher
                                + "', who is not a trusted publisher of this store");
            }
            return Optional.empty();
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder()
                    .decode(properties.getProperty("signature", "").trim());
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("signature_invalid", "the plugin's signature is not base64");
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        byte[] text = archive.signedText().getBytes(StandardCharsets.UTF_8);
        verifier.update(text, 0, text.length);
        if (signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE || !verifier.verifySignature(signature)) {
            throw Refusal.invalid(
                    "signature_invalid",
                    "the signature of plugin " + archive.id() + " by '" + publisher
                            + "' does not match its contents: the file was changed after it was signed");
        }
        return Optional.of(publisher);
    }

    /** Returns the file with a signature entry by {@code publisher} added (any earlier one replaced). */
    public static byte[] sign(byte[] file, String publisher, Ed25519PrivateKeyParameters key) {
        byte[] unsigned = withoutSignature(file);
        PluginArchive archive = PluginArchive.inspect(unsigned);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] text = archive.signedText().getBytes(StandardCharsets.UTF_8);
        signer.update(text, 0, text.length);
        String entry = "publisher=" + publisher + "\nsignature="
                + Base64.getEncoder().encodeToString(signer.generateSignature()) + "\n";
        try (InputStream in = new ByteArrayInputStream(unsigned);
                ZipInputStream zip = new ZipInputStream(in)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 512);
            try (ZipOutputStream signed = new ZipOutputStream(out)) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    signed.putNextEntry(new ZipEntry(e.getName()));
                    zip.transferTo(signed);
                    signed.closeEntry();
                }
                signed.putNextEntry(new ZipEntry(PluginArchive.SIGNATURE_ENTRY));
                signed.write(entry.getBytes(StandardCharsets.UTF_8));
                signed.closeEntry();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] withoutSignature(byte[] file) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
            try (ZipOutputStream copy = new ZipOutputStream(out)) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    if (!e.getName().equals(PluginArchive.SIGNATURE_ENTRY)) {
                        copy.putNextEntry(new ZipEntry(e.getName()));
                        zip.transferTo(copy);
                        copy.closeEntry();
                    }
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Ed25519PublicKeyParameters publicKey(String base64) {
        byte[] raw = Base64.getDecoder().decode(base64.trim());
        if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException(
                    "an Ed25519 public key is " + Ed25519PublicKeyParameters.KEY_SIZE + " bytes");
        }
        return new Ed25519PublicKeyParameters(raw, 0);
    }

    private static Optional<Ed25519PublicKeyParameters> bundledKey() {
        try (InputStream in = PluginSignatures.class.getResourceAsStream(BUNDLED_KEY_RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(publicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
