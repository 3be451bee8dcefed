package io.kamishop.plugin;

import io.kamishop.plugin.fixture.FixtureChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds plugin jars for tests from the fixture classes compiled onto the test classpath. */
public final class TestPlugins {

    static final String REQUIRES_V1 = ">=1.0.0 & <2.0.0";

    private TestPlugins() {}

    /** A jar of the fixture channel with the given manifest values and fixture options. */
    static byte[] fixture(String version, String requires, Map<String, String> options) {
        return fixture(version, requires, "", options);
    }

    /** A jar of the fixture channel whose manifest also holds {@code extraManifest} (whole lines, each ending in \n). */
    static byte[] fixture(String version, String requires, String extraManifest, Map<String, String> options) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        StringBuilder manifest = new StringBuilder("Manifest-Version: 1.0\n")
                .append("Plugin-Id: fixture-plugin\n")
                .append("Plugin-Version: ")
                .append(version)
                .append('\n')
                .append("Plugin-Description: test fixture\n");
        if (requires != null) {
            manifest.append("Plugin-Requires: ").append(requires).append('\n');
        }
        manifest.append(extraManifest);
        entries.put("META-INF/MANIFEST.MF", manifest.toString().getBytes(StandardCharsets.UTF_8));
        entries.put(
                "META-INF/extensions.idx", (FixtureChannel.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder props = new StringBuilder();
        options.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
        entries.put("fixture.properties", props.toString().getBytes(StandardCharsets.UTF_8));
        entries.putAll(classFiles(FixtureChannel.class));
        return zip(entries);
    }

    public static byte[] fixture(String version, Map<String, String> options) {
        return fixture(version, REQUIRES_V1, options);
    }

    /** The class file of {@code type} and its nested classes, by entry name. */
    static Map<String, byte[]> classFiles(Class<?> type) {
        try {
            Path file =
                    Path.of(type.getResource(type.getSimpleName() + ".class").toURI());
            Map<String, byte[]> entries = new LinkedHashMap<>();
            String folder = type.getPackageName().replace('.', '/') + "/";
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                for (Path p : siblings.toList()) {
                    String name = p.getFileName().toString();
                    if (name.equals(type.getSimpleName() + ".class") || name.startsWith(type.getSimpleName() + "$")) {
                        entries.put(folder + name, Files.readAllBytes(p));
                    }
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Adds (or replaces) entries in a jar, as an attacker or a careless build would. */
    static byte[] withEntries(byte[] jar, Map<String, byte[]> extra) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.putAll(extra);
        return zip(entries);
    }
}
