package io.kamishop.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Build step (run by {@code app/pom.xml} in {@code process-classes}): signs the bundled plugin jars
 * with a key pair made fresh for this build, and writes only the public key next to them.
 *
 * <p>Why a throw-away key: the bundled plugins and the app that trusts them come out of the same
 * build, so there is no secret worth keeping. The private key lives in this process's memory and
 * is gone when the build step ends; nothing secret is committed or written to disk. What the
 * signature buys: the copies stored in the database (and spread to other nodes) are checked on
 * every load, and {@code KAMISHOP_REQUIRE_SIGNED_PLUGINS} can be on without refusing the store's own
 * plugins. The price: a bundled plugin from one build is "unsigned" to another build; each start
 * re-installs the bundled plugins of the running build anyway.
 */
public final class BundledPluginSigner {

    private BundledPluginSigner() {}

    /** The file beside a bundled jar that names its plugin id and SHA-256: {@code <jar>.digest}. */
    static Path digestOf(Path jar) {
        return jar.resolveSibling(jar.getFileName() + ".digest");
    }

    /** {@code args[0]}: the folder of bundled jars; {@code args[1]}: where to write the public key. */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Path publicKeyFile = Path.of(args[1]);
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        int signed = 0;
        if (Files.isDirectory(folder)) {
            try (Stream<Path> jars = Files.list(folder)) {
                for (Path jar :
                        jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    byte[] signedJar =
                            PluginSignatures.sign(Files.readAllBytes(jar), PluginSignatures.BUNDLED_PUBLISHER, key);
                    Files.write(jar, signedJar);
                    // What a start needs to see that the stored copy is this very jar, without reading it.
                    PluginArchive archive = PluginArchive.inspect(signedJar);
                    Files.writeString(
                            digestOf(jar), archive.id() + " " + archive.sha256() + "\n", StandardCharsets.US_ASCII);
                    signed++;
                }
            }
        }
        Files.createDirectories(publicKeyFile.toAbsolutePath().getParent());
        Files.writeString(
                publicKeyFile,
                Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded()),
                StandardCharsets.US_ASCII);
        System.out.println("[kamishop] signed " + signed + " bundled plugin(s) in " + folder);
    }
}
