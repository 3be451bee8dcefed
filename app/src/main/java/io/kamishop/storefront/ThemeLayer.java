package io.kamishop.storefront;

import io.kamishop.files.ContainedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One folder of a theme: a folder in the data dir, or a theme bundled in the jar. A theme is a stack
 * of layers, searched top first, so an override theme only holds what it changes.
 */
sealed interface ThemeLayer {

    /** Relative names a theme may use: no "..", no absolute paths, no backslashes. */
    Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

    /** The file's bytes, or empty when this layer does not have it (or the name is not a safe relative name). */
    Optional<byte[]> read(String relative);

    static boolean isSafe(String relative) {
        return relative != null
                && relative.length() <= 200
                && SAFE_NAME.matcher(relative).matches()
                && !relative.contains("..");
    }

    /** A theme folder on disk, e.g. {@code <data-dir>/themes/dark}. */
    record Folder(Path root) implements ThemeLayer {
        @Override
        public Optional<byte[]> read(String relative) {
            if (!isSafe(relative)) {
                return Optional.empty();
            }
            // Theme folders are written by hand or unpacked by tools: a link in one must not lead
            // a public asset URL to the master key next door.
            Optional<Path> file = ContainedFiles.regularFile(root, relative);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readAllBytes(file.get()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read theme file " + file, e);
            }
        }
    }

    /** A theme bundled in the jar under {@code themes/<name>/}. */
    record Bundled(String name) implements ThemeLayer {
        @Override
        public Optional<byte[]> read(String relative) {
            if (!isSafe(relative)) {
                return Optional.empty();
            }
            try (InputStream in =
                    ThemeLayer.class.getClassLoader().getResourceAsStream("themes/" + name + "/" + relative)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled theme file " + name + "/" + relative, e);
            }
        }

        /** The themes in the jar, as listed in {@code themes/bundled.txt}. */
        static List<String> names() {
            try (InputStream in = ThemeLayer.class.getClassLoader().getResourceAsStream("themes/bundled.txt")) {
                if (in == null) {
                    return List.of("default");
                }
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The jar does not change while the store runs, so the answer is remembered. */
        private static final java.util.Map<String, Boolean> EXISTS = new java.util.concurrent.ConcurrentHashMap<>();

        static boolean exists(String name) {
            Boolean known = EXISTS.get(name);
            if (known != null) {
                return known;
            }
            boolean found = ThemeLayer.class.getClassLoader().getResource("themes/" + name + "/theme.json") != null;
            // Names also come from asset URLs anyone can type: remember a bounded number of them.
            if (EXISTS.size() < 256) {
                EXISTS.put(name, found);
            }
            return found;
        }
    }
}
