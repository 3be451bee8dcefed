package io.kamishop.plugin;

import io.kamishop.api.ApiVersion;
import io.kamishop.api.KamishopExtension;
import io.kamishop.api.SettingDefinition;
import io.kamishop.domain.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginState;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.RuntimeMode;
import org.pf4j.SingletonExtensionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version of one plugin, loaded in a PF4J manager of its own. A manager per plugin lets the
 * next version load and start beside the running one, so an upgrade swaps them without a gap in
 * which the plugin's channel is missing. (Kamishop plugins depend on {@code plugin-api} only, never
 * on each other, so nothing is lost by not sharing a manager.)
 *
 * <p>The gate: every call into the plugin holds its read lock ({@link #enter}); {@link #close} turns
 * new calls away, then takes the write lock, which waits for the calls in flight.
 */
final class LoadedPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedPlugin.class);

    private final String id;
    private final Path location;
    private final DefaultPluginManager manager;
    private final List<KamishopExtension> extensions;
    private final List<Object> guarded;
    private final List<SettingDefinition> schema;
    /** The settings form's translations the plugin ships, by language ({@link PluginTexts}). */
    private final Map<String, java.util.Properties> translations;

    private final Set<String> extensionIds;
    private final List<String> extensionTypes;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile boolean open = true;
    private volatile @Nullable PluginTasks tasks;

    private LoadedPlugin(
            String id,
            Path location,
            DefaultPluginManager manager,
            List<KamishopExtension> extensions,
            Function<String, @Nullable LoadedPlugin> running,
            Map<String, java.util.Properties> translations) {
        this.translations = translations;
        this.id = id;
        this.location = location;
        this.manager = manager;
        this.extensions = List.copyOf(extensions);
        List<Object> proxies = new ArrayList<>();
        Map<String, SettingDefinition> settings = new LinkedHashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        for (KamishopExtension extension : extensions) {
            proxies.add(ExtensionGuard.wrap(this, extension, running));
            for (SettingDefinition definition : extension.settings()) {
                settings.putIfAbsent(definition.key(), definition);
            }
            for (Class<?> point : ExtensionGuard.extensionPoints(extension.getClass())) {
                if (point != KamishopExtension.class) {
                    types.add(point.getSimpleName());
                }
                String extensionId = declaredId(point, extension);
                if (extensionId != null && !ids.add(point.getSimpleName() + " '" + extensionId + "'")) {
                    throw Refusal.invalid(
                            "duplicate_extension",
                            "plugin " + id + " declares two of " + point.getSimpleName() + " '" + extensionId + "'");
                }
            }
        }
        this.guarded = List.copyOf(proxies);
        this.schema = List.copyOf(settings.values());
        this.extensionIds = Set.copyOf(ids);
        this.extensionTypes = List.copyOf(types);
    }

    /**
     * A file this plugin ships under {@code kamishop-web/} for buyers' browsers (a human check's glue script), read
     * from the plugin's own jar only (never the host's class path), or empty. {@code name} is checked by the caller.
     */
    java.util.Optional<byte[]> webAsset(String name) {
        try {
            ClassLoader loader = manager.getPlugin(id).getPluginClassLoader();
            java.net.URL url =
                    loader instanceof java.net.URLClassLoader own ? own.findResource("kamishop-web/" + name) : null;
            if (url == null) {
                return java.util.Optional.empty();
            }
            try (java.io.InputStream in = url.openStream()) {
                return java.util.Optional.of(in.readAllBytes());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Closed under us by a disable or an upgrade: the file is gone with the plugin.
            return java.util.Optional.empty();
        }
    }

    /**
     * Loads a checked archive from the data dir's cache (expanding a zip layout first). The plugin's
     * extensions are created (not started). Any failure is a 422: the file is not a working plugin.
     */
    static LoadedPlugin load(PluginArchive archive, Path cacheDir, Function<String, @Nullable LoadedPlugin> running) {
        Path location = materialise(archive, cacheDir);
        DefaultPluginManager manager = newManager(cacheDir, archive.layout());
        try {
            String loadedId = manager.loadPlugin(location);
            PluginWrapper wrapper = manager.getPlugin(loadedId);
            if (!archive.id().equals(loadedId) || wrapper.getPluginState() != PluginState.RESOLVED) {
                throw Refusal.invalid(
                        "invalid_plugin",
                        "plugin " + archive.id() + " could not be loaded (state " + wrapper.getPluginState() + ")");
            }
            PluginState state = manager.startPlugin(loadedId);
            if (state != PluginState.STARTED) {
                Throwable failure = wrapper.getFailedException();
                throw Refusal.invalid(
                        "invalid_plugin",
                        "plugin " + archive.id() + " could not be started by PF4J: "
                                + (failure != null ? failure : state));
            }
            // A plugin without its own extension index would be handed the host's (its class loader
            // falls back to the parent): keep only classes the plugin itself brought.
            List<KamishopExtension> extensions = manager.getExtensions(KamishopExtension.class, loadedId).stream()
                    .filter(e -> e.getClass().getClassLoader() == wrapper.getPluginClassLoader())
                    .toList();
            if (extensions.isEmpty()) {
                throw Refusal.invalid(
                        "invalid_plugin",
                        "plugin " + archive.id() + " has no Kamishop extension "
                                + "(a class implementing an io.kamishop.api extension point, annotated @Extension)");
            }
            return new LoadedPlugin(
                    archive.id(),
                    location,
                    manager,
                    extensions,
                    running,
                    PluginTexts.read(archive.id(), wrapper.getPluginClassLoader()));
        } catch (Refusal e) {
            discard(manager, archive.id(), location);
            throw e;
        } catch (RuntimeException | LinkageError e) {
            discard(manager, archive.id(), location);
            throw Refusal.invalid("invalid_plugin", "plugin " + archive.id() + " could not be loaded: " + e);
        }
    }

    private static DefaultPluginManager newManager(Path cacheDir, PluginArchive.Layout layout) {
        DefaultPluginManager manager = new DefaultPluginManager(cacheDir) {
            @Override
            protected ExtensionFactory createExtensionFactory() {
                return new SingletonExtensionFactory(this);
            }

            @Override
            protected PluginDescriptorFinder createPluginDescriptorFinder() {
                // The archive was inspected already, so its kind of descriptor is known. PF4J's default tries
                // plugin.properties first, and for a jar that means opening it as a zip file system: at every
                // start that was half of loading a plugin (a profile of the test suite: 4% of all its CPU).
                return layout == PluginArchive.Layout.JAR
                        ? new ManifestPluginDescriptorFinder()
                        : new PropertiesPluginDescriptorFinder();
            }

            @Override
            protected ExtensionFinder createExtensionFinder() {
                // Only the plugin's own extension index: PF4J's default also reads every
                // META-INF/extensions.idx on the host's class path, for each plugin, and the host has none.
                LegacyExtensionFinder finder = new LegacyExtensionFinder(this) {
                    @Override
                    public Map<String, Set<String>> readClasspathStorages() {
                        return Map.of();
                    }
                };
                addPluginStateListener(finder);
                return finder;
            }

            @Override
            protected PluginStatusProvider createPluginStatusProvider() {
                // Enabled or not is the database's business; PF4J's own enabled.txt is not used.
                return new PluginStatusProvider() {
                    @Override
                    public boolean isPluginDisabled(String pluginId) {
                        return false;
                    }

                    @Override
                    public void disablePlugin(String pluginId) {}

                    @Override
                    public void enablePlugin(String pluginId) {}
                };
            }

            @Override
            public RuntimeMode getRuntimeMode() {
                return RuntimeMode.DEPLOYMENT;
            }
        };
        manager.setSystemVersion(ApiVersion.CURRENT);
        return manager;
    }

    /** Writes the file (or, for the zip layout, its expanded folder) into the cache, named by its digest. */
    private static Path materialise(PluginArchive archive, Path cacheDir) {
        try {
            Files.createDirectories(cacheDir);
            String name = archive.id() + "-" + archive.sha256().substring(0, 16) + "-" + System.nanoTime();
            if (archive.layout() == PluginArchive.Layout.JAR) {
                Path jar = cacheDir.resolve(name + ".jar");
                archive.content().handOver(jar);
                return jar;
            }
            Path folder = cacheDir.resolve(name);
            Path zipFile = cacheDir.resolve(name + ".zip.tmp");
            archive.content().handOver(zipFile);
            try (ZipFile zip = new ZipFile(zipFile.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    Path target = folder.resolve(entry.getName()).normalize();
                    if (!target.startsWith(folder)) {
                        // PluginArchive refused such names already; this is the belt to its braces.
                        throw Refusal.invalid(
                                "unsafe_archive", "the entry '" + entry.getName() + "' leaves the plugin folder");
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, target);
                        }
                    }
                }
            } finally {
                Files.deleteIfExists(zipFile);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plugin " + archive.id() + " into " + cacheDir, e);
        }
    }

    /** The value of {@code String id()} when an extension point declares one (channels, key formats...). */
    private static @Nullable String declaredId(Class<?> point, KamishopExtension extension) {
        try {
            Method method = point.getMethod("id");
            if (method.getReturnType() == String.class && method.getParameterCount() == 0) {
                return (String) method.invoke(extension);
            }
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw Refusal.invalid(
                    "invalid_plugin",
                    "an extension of plugin " + extension.getClass().getName() + " failed to say its id: "
                            + e.getCause());
        }
        return null;
    }

    /** Calls {@code start} on every extension; the first failure stops the plugin and is thrown. */
    void start(HostPluginContext context, PluginTasks scheduled) {
        // No caller can reach this version yet: it is published only after start returns.
        this.tasks = scheduled;
        for (KamishopExtension extension : extensions) {
            extension.start(context);
        }
    }

    /**
     * Enters the gate for one call; {@code false} once the plugin is closing. Never waits: the read
     * lock is only ever refused while {@link #close} holds the write lock, and then the plugin is
     * closed anyway. Not queueing behind a closing writer matters: a caller may hold other locks
     * (a database transaction) that a call already inside this plugin is waiting for.
     */
    boolean enter() {
        if (!gate.readLock().tryLock()) {
            return false;
        }
        if (open) {
            return true;
        }
        gate.readLock().unlock();
        return false;
    }

    void leave() {
        gate.readLock().unlock();
    }

    /** Runs {@code task} inside the gate, or not at all once the plugin is closed. */
    Runnable gated(Runnable task) {
        return () -> {
            if (enter()) {
                try {
                    task.run();
                } finally {
                    leave();
                }
            }
        };
    }

    /** Waits for the calls in flight, then stops and unloads the plugin and deletes its cached file. */
    void close() {
        synchronized (this) {
            if (!open) {
                return;
            }
            // First shut the door (new calls see open == false and leave), then wait for the calls
            // already inside: taking the write lock waits exactly for them, and cannot starve.
            open = false;
        }
        gate.writeLock().lock();
        gate.writeLock().unlock();
        if (tasks != null) {
            tasks.cancelAll();
        }
        for (KamishopExtension extension : extensions) {
            try {
                extension.stop();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("plugin {} failed while stopping: {}", id, e.toString());
            }
        }
        discard(manager, id, location);
    }

    private static void discard(DefaultPluginManager manager, String id, Path location) {
        try {
            if (manager.getPlugin(id) != null) {
                manager.stopPlugin(id);
                manager.unloadPlugin(id);
            }
        } catch (RuntimeException e) {
            LOG.warn("plugin {} did not unload cleanly: {}", id, e.toString());
        }
        deleteQuietly(location);
    }

    static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> all = Files.walk(path)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", path, e.toString());
        }
    }

    @Nullable
    Object extensionOfClass(String className) {
        for (int i = 0; i < extensions.size(); i++) {
            if (extensions.get(i).getClass().getName().equals(className)) {
                return extensions.get(i);
            }
        }
        return null;
    }

    String id() {
        return id;
    }

    List<Object> guarded() {
        return guarded;
    }

    /** The plugin's own extension objects, unguarded: for looking at their classes, never for calling them. */
    List<KamishopExtension> extensions() {
        return extensions;
    }

    List<SettingDefinition> schema() {
        return schema;
    }

    Map<String, java.util.Properties> translations() {
        return translations;
    }

    Set<String> extensionIds() {
        return extensionIds;
    }

    List<String> extensionTypes() {
        return extensionTypes;
    }
}
