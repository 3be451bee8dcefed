package io.kamishop.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugin jars this build carries ({@code /bundled-plugins.txt}) and the plugin id and SHA-256 the
 * build wrote beside each ({@code <jar>.digest}, see {@link BundledPluginSigner}). A stored plugin file
 * with one of these digests is that jar byte for byte: it came out of the same build as this code,
 * which inspected and signed it, so reading it again entry by entry on every start proves nothing new.
 */
final class BundledJars {

    /** A bundled jar: its resource name, plugin id and whole-file SHA-256 (hex). */
    record Jar(String name, String pluginId, String sha256) {
    }

    private final List<String> names;
    private final Map<String, Jar> bySha256;

    private BundledJars(List<String> names, Map<String, Jar> bySha256) {
        this.names = List.copyOf(names);
        this.bySha256 = Map.copyOf(bySha256);
    }

    static BundledJars ofThisBuild() {
        List<String> names = new ArrayList<>();
        Map<String, Jar> bySha256 = new HashMap<>();
        String index = resource("/bundled-plugins.txt").orElse("");
        for (String name : index.split("\\s+")) {
            if (name.isBlank()) {
                continue;
            }
            names.add(name);
            String[] idAndSha = resource("/bundled-plugins/" + name + ".digest").orElse("").strip().split(" ");
            if (idAndSha.length == 2) {
                bySha256.put(idAndSha[1], new Jar(name, idAndSha[0], idAndSha[1]));
            }
        }
        return new BundledJars(names, bySha256);
    }

    /** The resource names of the bundled jars, in install order. */
    List<String> names() {
        return names;
    }

    /** The digest the build wrote for the jar {@code name}, when it wrote one (older builds did not). */
    Optional<Jar> digest(String name) {
        return bySha256.values().stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /** The bundled jar this file is, judged by its whole-file SHA-256 ({@code sha256} must be computed from the bytes). */
    Optional<Jar> identify(String sha256) {
        return Optional.ofNullable(bySha256.get(sha256));
    }

    private static Optional<String> resource(String path) {
        try (InputStream in = BundledJars.class.getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
