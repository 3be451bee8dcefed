package io.kamishop.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.files.ContainedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every theme the store can show, by folder name. A theme in {@code <data-dir>/themes/<name>/} wins
 * over a bundled theme of the same name; every theme falls back to the bundled default. Folders in
 * the data dir are looked at again at most once a {@link #RECHECK}: a changed file gives a fresh engine,
 * an unchanged folder keeps its compiled templates.
 *
 * <p>Not on every page view: the product and home pages are served from the page cache, and looking at
 * the folder (an {@code lstat} of the theme folder, and a walk of its files when there is one) for each
 * cached answer cost more than the rest of it. What is remembered is only which theme to show and its
 * fingerprint; every file the theme hands out is still checked when it is read
 * ({@link ContainedFiles#regularFile}: inside its root, no symbolic link on the way), so a folder swapped
 * for a link meanwhile still serves nothing from outside.
 */
public final class Themes {

    public static final String DEFAULT = "default";
    private static final Logger LOG = LoggerFactory.getLogger(Themes.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** How long what was seen of a theme folder is trusted before the folder is looked at again. */
    public static final java.time.Duration RECHECK = java.time.Duration.ofSeconds(1);
    /** Names also come from asset URLs anyone can type: what is remembered about them is bounded. */
    private static final int MAX_LOOKED = 256;

    /** What a look at a theme's folder found, and when ({@link System#nanoTime}). */
    private record Looked(boolean exists, boolean inDataDir, long stamp, long atNanos) {}

    private final Path folder;
    private final ObjectMapper mapper;
    private final Map<String, Theme> loaded = new ConcurrentHashMap<>();
    private final Set<String> warnedMissing = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> broken = new ConcurrentHashMap<>();
    private final Map<String, Looked> looked = new ConcurrentHashMap<>();
    private final long recheckNanos = RECHECK.toNanos();

    private final Function<String, Map<String, String>> chosenSettings;

    /** Themes whose settings are always the manifest's defaults. */
    public Themes(Path folder, ObjectMapper mapper) {
        this(folder, mapper, name -> Map.of());
    }

    /** Themes whose settings the merchant may change: {@code chosenSettings} gives their values by theme name. */
    public Themes(Path folder, ObjectMapper mapper, Function<String, Map<String, String>> chosenSettings) {
        this.folder = folder.toAbsolutePath().normalize();
        this.mapper = mapper;
        this.chosenSettings = chosenSettings;
    }

    /** Every theme that can be chosen: bundled ones, then folders in the data dir, by name. */
    public List<String> names() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        ThemeLayer.Bundled.names().forEach(names::add);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> children = Files.list(folder)) {
                children.filter(ContainedFiles::isPlainFolder)
                        .map(p -> p.getFileName().toString())
                        .filter(n -> NAME.matcher(n).matches())
                        .forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        return List.copyOf(names);
    }

    /** Whether the theme of that name has a folder in the data dir (rather than only being bundled). */
    public boolean inDataDir(String name) {
        return NAME.matcher(name).matches() && look(name).inDataDir();
    }

    /** The theme with that name, or the default theme when there is none (logged once). */
    public Theme get(String name) {
        if (name == null || !exists(name)) {
            if (name != null && warnedMissing.add(name)) {
                LOG.warn("theme '{}' is neither in {} nor bundled; showing the default theme", name, folder);
            }
            name = DEFAULT;
        }
        String themeName = name;
        Path own = folder.resolve(themeName);
        long stamp = look(themeName).stamp();
        Theme current = loaded.get(themeName);
        if (current != null && current.stamp() == stamp) {
            return current;
        }
        if (!themeName.equals(DEFAULT) && Long.valueOf(stamp).equals(broken.get(themeName))) {
            return get(DEFAULT);
        }
        try {
            return loaded.compute(
                    themeName, (n, old) -> old != null && old.stamp() == stamp ? old : build(n, own, stamp));
        } catch (RuntimeException e) {
            if (themeName.equals(DEFAULT)) {
                throw e;
            }
            // A theme being edited can be broken for a moment (half-written theme.json): show the
            // default theme until its files change again, and say why once.
            broken.put(themeName, stamp);
            LOG.error(
                    "theme '{}' cannot be loaded, showing the default theme until it changes: {}",
                    themeName,
                    e.getMessage());
            return get(DEFAULT);
        }
    }

    /**
     * Whether a theme of that name is in {@code folder} (a plain folder, not a link) or bundled, looked at on each
     * ask: for the store's settings, which must refuse a theme the store does not have.
     */
    public static java.util.function.Predicate<String> existsIn(Path folder) {
        return name -> name != null
                && NAME.matcher(name).matches()
                && (ContainedFiles.isPlainFolder(folder.resolve(name)) || ThemeLayer.Bundled.exists(name));
    }

    /** Whether a theme of that name is in the data dir or bundled. */
    public boolean exists(String name) {
        return name != null && NAME.matcher(name).matches() && look(name).exists();
    }

    /**
     * What the folder of a theme (a valid name) holds: looked at again once {@link #RECHECK} has passed,
     * so an edit, a new theme folder or a removed one shows within that time.
     */
    private Looked look(String name) {
        long now = System.nanoTime();
        Looked known = looked.get(name);
        if (known != null && now - known.atNanos() < recheckNanos) {
            return known;
        }
        Path own = folder.resolve(name);
        // A theme folder that is a link to elsewhere is not a theme: it could be a link to the data dir.
        boolean inDataDir = ContainedFiles.isPlainFolder(own);
        Looked fresh =
                new Looked(inDataDir || ThemeLayer.Bundled.exists(name), inDataDir, inDataDir ? stampOf(own) : 0L, now);
        if (known != null || looked.size() < MAX_LOOKED) {
            looked.put(name, fresh);
        }
        return fresh;
    }

    private Theme build(String name, Path own, long stamp) {
        List<ThemeLayer> layers = new ArrayList<>();
        // A theme folder that is a link to elsewhere is not a theme: it could be a link to the data dir.
        if (ContainedFiles.isPlainFolder(own)) {
            layers.add(new ThemeLayer.Folder(own));
        }
        if (!name.equals(DEFAULT) && ThemeLayer.Bundled.exists(name)) {
            layers.add(new ThemeLayer.Bundled(name));
        }
        layers.add(new ThemeLayer.Bundled(DEFAULT));
        LOG.info("theme '{}' loaded ({} layer(s))", name, layers.size());
        return new Theme(name, layers, mapper, stamp, chosenSettings);
    }

    /**
     * A fingerprint of a theme folder: names, sizes and modification times of its files. Any edit,
     * new or deleted file changes it. Cheap enough for every page view of a folder of a few dozen files.
     */
    private static long stampOf(Path root) {
        try (Stream<Path> files = Files.walk(root, 6)) {
            long[] stamp = {1};
            files.forEach(file -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    long h = root.relativize(file).toString().hashCode();
                    h = h * 31 + attributes.size();
                    h = h * 31 + attributes.lastModifiedTime().toMillis();
                    // A sum does not depend on the order the folder is listed in.
                    stamp[0] += (h * 0x9E3779B97F4A7C15L) ^ (h >>> 29);
                } catch (IOException e) {
                    // A file deleted during the walk: the next look sees a different folder anyway.
                }
            });
            return stamp[0];
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
