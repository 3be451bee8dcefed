package io.kamishop.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * For plugin publishers, run from the store's jar:
 * <pre>
 * java -cp kamishop.jar io.kamishop.plugin.PluginSigningTool keygen acme.key          # prints the public key
 * java -cp kamishop.jar io.kamishop.plugin.PluginSigningTool sign acme.key acme in.jar out.jar
 * </pre>
 * The merchant trusts the publisher with {@code KAMISHOP_TRUSTED_PLUGIN_KEYS=acme=<public key>}.
 */
public final class PluginSigningTool {

    private PluginSigningTool() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("keygen")) {
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
            Path file = Path.of(args[1]);
            Files.writeString(file, Base64.getEncoder().encodeToString(key.getEncoded()), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: protect the file by other means
            }
            System.out.println(
                    Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded()));
        } else if (args.length == 5 && args[0].equals("sign")) {
            byte[] raw = Base64.getDecoder()
                    .decode(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII)
                            .trim());
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(raw, 0);
            Files.write(Path.of(args[4]), PluginSignatures.sign(Files.readAllBytes(Path.of(args[3])), args[2], key));
        } else {
            System.err.println("usage: keygen KEY_FILE | sign KEY_FILE PUBLISHER IN.jar OUT.jar");
            System.exit(2);
        }
    }
}
