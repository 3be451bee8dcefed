package io.kamishop.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The plugin jars this build carries ({@code /bundled-plugins.txt}) and the plugin id and SHA-256 the
 * build wrote beside each ({@code <jar>.digest}, see {@link BundledPluginSigner}). A stored plugin file
 * with one of these digests is that jar byte for byte: it came out of the same build as this code,
 * which inspected and signed it, so reading it again entry by entry on every start proves nothing new.
 */
public final class BundledJars {

    /** A bundled jar: its resource name, plugin id and whole-file SHA-256 (hex). */
    record Jar(String name, String pluginId, String sha256) {}

    private final List<String> names;
    private final Map<String, Jar> bySha256;
    /** Where jars are streamed to before the plugin cache takes them; {@code null}: read into memory. */
    private final @Nullable Path staging;
    /** Jars being read on the read-ahead thread, by name; each is taken once. */
    private final Map<String, CompletableFuture<PluginArchive>> ahead = new ConcurrentHashMap<>();

    private BundledJars(List<String> names, Map<String, Jar> bySha256, @Nullable Path staging) {
        this.names = List.copyOf(names);
        this.bySha256 = Map.copyOf(bySha256);
        this.staging = staging;
    }

    /** This build's jars, each read into memory when asked for. */
    static BundledJars ofThisBuild() {
        return ofThisBuild(null);
    }

    private static BundledJars ofThisBuild(@Nullable Path staging) {
        List<String> names = new ArrayList<>();
        Map<String, Jar> bySha256 = new HashMap<>();
        String index = resource("/bundled-plugins.txt").orElse("");
        for (String name : index.split("\\s+")) {
            if (name.isBlank()) {
                continue;
            }
            names.add(name);
            String[] idAndSha = resource("/bundled-plugins/" + name + ".digest")
                    .orElse("")
                    .strip()
                    .split(" ");
            if (idAndSha.length == 2) {
                bySha256.put(idAndSha[1], new Jar(name, idAndSha[0], idAndSha[1]));
            }
        }
        return new BundledJars(names, bySha256, staging);
    }

    /**
     * This build's bundled jars, already being read and inspected on a thread of their own. Inflating
     * them out of the application's jar (20 MB for the Stripe plugin, ~90 ms of CPU) needs no database,
     * so a start does it while the main thread opens the database; the plugin host takes each jar
     * once, and {@link #forgetReadAhead} drops what it did not take.
     *
     * <p>Each jar is streamed into a file of {@code staging} (emptied first: what a killed process
     * left there), never held whole in the heap: holding all of them at once made a start's heap
     * grow by twice their size, and a serial-GC heap does not give that back.
     */
    public static BundledJars readingAhead(Path staging) {
        try {
            Files.createDirectories(staging);
            try (Stream<Path> left = Files.list(staging)) {
                for (Path file : left.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + staging, e);
        }
        BundledJars jars = ofThisBuild(staging);
        Map<String, CompletableFuture<PluginArchive>> reads = new LinkedHashMap<>();
        for (String name : jars.names) {
            reads.put(name, new CompletableFuture<>());
        }
        jars.ahead.putAll(reads);
        // Started before anything else exists (the database is still opening), and done before the
        // store serves: no task of BackgroundWork, which begins with the store.
        Thread reader = new Thread(
                () -> {
                    for (Map.Entry<String, CompletableFuture<PluginArchive>> each : reads.entrySet()) {
                        String name = each.getKey();
                        CompletableFuture<PluginArchive> read = each.getValue();
                        if (read.isCancelled()) {
                            continue; // dropped: the host is done with the bundled jars
                        }
                        try {
                            PluginArchive archive = jars.readKnown(name).orElse(null);
                            if (!read.complete(archive) && archive != null) {
                                archive.content().discard(); // dropped while it was being read
                            }
                        } catch (RuntimeException | IOException e) {
                            read.completeExceptionally(e);
                        }
                    }
                },
                "kamishop-bundled-reader");
        reader.setDaemon(true);
        reader.start();
        return jars;
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

    /**
     * The jar {@code name} read from the application's jar and inspected as the file its build digest
     * names ({@link PluginArchive#inspectKnown}); empty when the build wrote no digest or the jar is missing.
     */
    Optional<PluginArchive> known(String name) throws IOException {
        CompletableFuture<PluginArchive> read = ahead.remove(name);
        if (read != null) {
            try {
                return Optional.ofNullable(read.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IOException("cannot read the bundled plugin " + name, e.getCause());
            }
        }
        return readKnown(name);
    }

    /** Drops the jars read ahead that the host did not take, and their staged files. */
    void forgetReadAhead() {
        for (String name : List.copyOf(ahead.keySet())) {
            CompletableFuture<PluginArchive> read = ahead.remove(name);
            if (read != null && !read.cancel(false) && !read.isCompletedExceptionally()) {
                PluginArchive unused = read.join();
                if (unused != null) {
                    unused.content().discard();
                }
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // emptied at the next start
        }
    }

    private Optional<PluginArchive> readKnown(String name) throws IOException {
        Optional<Jar> jar = digest(name);
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        if (staging == null) {
            return read(name)
                    .map(bytes -> PluginArchive.inspectKnown(bytes, jar.get().sha256()));
        }
        Optional<Path> file = stage(name);
        try {
            return file.map(f -> PluginArchive.inspectKnown(f, jar.get().sha256()));
        } catch (RuntimeException e) {
            file.ifPresent(BundledJars::deleteQuietly);
            throw e;
        }
    }

    /** Streams the jar {@code name} out of the application's jar into a new file of the staging folder. */
    private Optional<Path> stage(String name) throws IOException {
        URL url = BundledJars.class.getResource("/bundled-plugins/" + name);
        if (url == null) {
            return Optional.empty();
        }
        Path file = Files.createTempFile(staging, name, ".staged");
        try (InputStream in = url.openStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(file);
            throw e;
        }
        return Optional.of(file);
    }

    /** The bytes of the jar {@code name}, as this build carries it. */
    static Optional<byte[]> read(String name) throws IOException {
        URL url = BundledJars.class.getResource("/bundled-plugins/" + name);
        if (url == null) {
            return Optional.empty();
        }
        URLConnection connection = url.openConnection();
        long size = connection.getContentLengthLong();
        try (InputStream in = connection.getInputStream()) {
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                return Optional.of(in.readAllBytes());
            }
            // The size is known: one array of it, not readAllBytes' chunks and copy (twice the garbage of a 20 MB jar).
            byte[] bytes = new byte[(int) size];
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read != bytes.length || in.read() != -1) {
                throw new IOException("the bundled plugin " + name + " is not " + size + " bytes long");
            }
            return Optional.of(bytes);
        }
    }

    private static Optional<String> resource(String path) {
        try (InputStream in = BundledJars.class.getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
