package io.kamishop.plugin;

import io.kamishop.api.ApiVersion;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.KamishopExtension;
import io.kamishop.api.NotificationSubmitter;
import io.kamishop.api.PluginSettings;
import io.kamishop.api.SettingDefinition;
import io.kamishop.api.StoreUrls;
import io.kamishop.cluster.ChangeBus;
import io.kamishop.db.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;
import org.pf4j.SingletonExtensionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PF4J host: installs the bundled plugins into the data dir, loads every plugin there, starts
 * the enabled ones and hands their extensions a {@link io.kamishop.api.PluginContext}. Whether a
 * plugin is enabled lives in the database, so it survives restarts and is the same on every node.
 *
 * <p>PF4J's manager is not thread-safe: every lifecycle change holds this object's monitor.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    /** Plugins that must be switched on by the merchant: the sandbox lets anyone "pay". */
    private static final Set<String> OFF_BY_DEFAULT = Set.of("payment-sandbox");

    private final Path pluginsDir;
    private final Database database;
    private final PluginSettingsStore settingsStore;
    private final StoreUrls storeUrls;
    private final JsonCodec json;
    private final NotificationSubmitter notifications;
    private final Clock clock;
    private final DefaultPluginManager manager;
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Set<KamishopExtension> startedExtensions = ConcurrentHashMap.newKeySet();
    private volatile ChangeBus changes;

    public PluginHost(Path pluginsDir, Database database, PluginSettingsStore settingsStore, StoreUrls storeUrls,
                      com.fasterxml.jackson.databind.ObjectMapper mapper, NotificationSubmitter notifications, Clock clock) {
        this.pluginsDir = pluginsDir;
        this.database = database;
        this.settingsStore = settingsStore;
        this.storeUrls = storeUrls;
        this.json = new JacksonJsonCodec(mapper);
        this.notifications = notifications;
        this.clock = clock;
        this.manager = new DefaultPluginManager(pluginsDir) {
            @Override
            protected ExtensionFactory createExtensionFactory() {
                return new SingletonExtensionFactory(this);
            }

            @Override
            public RuntimeMode getRuntimeMode() {
                return RuntimeMode.DEPLOYMENT;
            }
        };
        manager.setSystemVersion(ApiVersion.CURRENT);
    }

    /** Installs bundled plugins, loads all, starts the enabled ones. {@code enable} forces some on (the demo's sandbox). */
    public synchronized void start(Set<String> enable) {
        try {
            Files.createDirectories(pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + pluginsDir, e);
        }
        installBundled();
        manager.loadPlugins();
        for (PluginWrapper plugin : manager.getPlugins()) {
            String id = plugin.getPluginId();
            if (enable.contains(id)) {
                storeEnabled(id, true);
            }
            if (isEnabled(id)) {
                startPlugin(plugin);
            }
        }
    }

    private void installBundled() {
        try (InputStream index = PluginHost.class.getResourceAsStream("/bundled-plugins.txt")) {
            if (index == null) {
                return;
            }
            for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
                if (name.isBlank()) {
                    continue;
                }
                try (InputStream jar = PluginHost.class.getResourceAsStream("/bundled-plugins/" + name)) {
                    if (jar == null) {
                        LOG.warn("bundled plugin {} is missing from this build", name);
                        continue;
                    }
                    byte[] bytes = jar.readAllBytes();
                    Path target = pluginsDir.resolve(name);
                    if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                        Path temp = Files.createTempFile(pluginsDir, "bundled", ".tmp");
                        Files.write(temp, bytes);
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the bundled plugins", e);
        }
    }

    private void startPlugin(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        try {
            PluginState state = manager.startPlugin(id);
            if (state != PluginState.STARTED) {
                Throwable error = plugin.getFailedException();
                failures.put(id, error != null ? error.toString() : "did not start (state " + state + ")");
                return;
            }
            List<SettingDefinition> schema = schema(id);
            settingsStore.generateMissing(id, schema);
            var context = new HostPluginContext(id, settings(id), storeUrls, clock, System.getLogger("plugin." + id), json, notifications);
            for (KamishopExtension extension : manager.getExtensions(KamishopExtension.class, id)) {
                if (startedExtensions.add(extension)) {
                    extension.start(context);
                }
            }
            failures.remove(id);
            LOG.info("plugin {} {} started", id, plugin.getDescriptor().getVersion());
        } catch (RuntimeException | LinkageError e) {
            // A broken plugin must not take the store down with it.
            failures.put(id, e.toString());
            LOG.warn("plugin {} failed to start: {}", id, e.toString());
            try {
                manager.stopPlugin(id);
            } catch (RuntimeException ignored) {
                // already as stopped as it gets
            }
        }
    }

    /** The settings schema of a plugin: the union of its extensions' declarations. */
    public synchronized List<SettingDefinition> schema(String pluginId) {
        Map<String, SettingDefinition> byKey = new LinkedHashMap<>();
        if (manager.getPlugin(pluginId) != null && manager.getPlugin(pluginId).getPluginState() == PluginState.STARTED) {
            for (KamishopExtension extension : manager.getExtensions(KamishopExtension.class, pluginId)) {
                for (SettingDefinition definition : extension.settings()) {
                    byKey.putIfAbsent(definition.key(), definition);
                }
            }
        }
        return List.copyOf(byKey.values());
    }

    private PluginSettings settings(String pluginId) {
        return key -> settingsStore.value(pluginId, key, schemaFor(pluginId)).filter(v -> !v.isEmpty());
    }

    // The schema without taking the monitor: settings are read on request threads while an admin
    // may hold the lifecycle lock for a slow install.
    private List<SettingDefinition> schemaFor(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin == null) {
            return List.of();
        }
        List<SettingDefinition> all = new ArrayList<>();
        for (KamishopExtension extension : startedExtensions) {
            if (extension.getClass().getClassLoader() == plugin.getPluginClassLoader()) {
                all.addAll(extension.settings());
            }
        }
        return all;
    }

    /** The started extensions of a type, across all enabled plugins. */
    public <T> List<T> extensions(Class<T> type) {
        return manager.getExtensions(type);
    }

    public synchronized List<InstalledPlugin> list() {
        List<InstalledPlugin> plugins = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            String id = plugin.getPluginId();
            String state = failures.containsKey(id) ? "failed"
                    : plugin.getPluginState() == PluginState.STARTED ? "started" : "disabled";
            List<String> extensionTypes = new ArrayList<>();
            if (plugin.getPluginState() == PluginState.STARTED) {
                for (KamishopExtension extension : manager.getExtensions(KamishopExtension.class, id)) {
                    for (Class<?> type : extension.getClass().getInterfaces()) {
                        if (KamishopExtension.class.isAssignableFrom(type) && !extensionTypes.contains(type.getSimpleName())) {
                            extensionTypes.add(type.getSimpleName());
                        }
                    }
                }
            }
            plugins.add(new InstalledPlugin(id, plugin.getDescriptor().getVersion(), plugin.getDescriptor().getPluginDescription(),
                    state, extensionTypes, false, failures.get(id)));
        }
        return plugins;
    }

    public synchronized Optional<InstalledPlugin> find(String pluginId) {
        return list().stream().filter(p -> p.id().equals(pluginId)).findFirst();
    }

    public synchronized void enable(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin == null) {
            throw new IllegalArgumentException("no plugin " + pluginId);
        }
        storeEnabled(pluginId, true);
        if (plugin.getPluginState() != PluginState.STARTED) {
            startPlugin(plugin);
        }
    }

    public synchronized void disable(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin == null) {
            throw new IllegalArgumentException("no plugin " + pluginId);
        }
        storeEnabled(pluginId, false);
        if (plugin.getPluginState() == PluginState.STARTED) {
            startedExtensions.removeIf(e -> e.getClass().getClassLoader() == plugin.getPluginClassLoader());
            manager.stopPlugin(pluginId);
        }
        failures.remove(pluginId);
    }

    /**
     * Keeps this node's plugins in step with the other nodes: a plugin enabled or disabled on any
     * node is announced on the bus, and every node starts or stops it to match the stored state.
     */
    public void followChanges(ChangeBus bus) {
        this.changes = bus;
        bus.subscribe(ChangeBus.PLUGINS, this::matchStoredState);
    }

    private synchronized void matchStoredState(String pluginId) {
        for (PluginWrapper plugin : manager.getPlugins()) {
            String id = plugin.getPluginId();
            if (!pluginId.equals(ChangeBus.EVERYTHING) && !pluginId.equals(id)) {
                continue;
            }
            boolean started = plugin.getPluginState() == PluginState.STARTED;
            boolean wanted = isEnabled(id);
            if (wanted && !started) {
                startPlugin(plugin);
            } else if (!wanted && started) {
                startedExtensions.removeIf(e -> e.getClass().getClassLoader() == plugin.getPluginClassLoader());
                manager.stopPlugin(id);
                failures.remove(id);
                LOG.info("plugin {} stopped: it was disabled on another node", id);
            }
        }
    }

    public PluginSettingsStore settingsStore() {
        return settingsStore;
    }

    private boolean isEnabled(String pluginId) {
        return database.read(h -> h.createQuery("SELECT enabled FROM plugin_state WHERE plugin_id = :id")
                        .bind("id", pluginId).mapTo(Boolean.class).findOne())
                .orElse(!OFF_BY_DEFAULT.contains(pluginId));
    }

    private void storeEnabled(String pluginId, boolean enabled) {
        long now = clock.millis();
        // One upsert: nodes starting together must not both INSERT and one fail on the key.
        database.write(h -> {
            h.createUpdate("INSERT INTO plugin_state (plugin_id, enabled, updated_at) VALUES (:id, :enabled, :now) "
                            + "ON CONFLICT (plugin_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at")
                    .bind("id", pluginId).bind("enabled", enabled).bind("now", now).execute();
            ChangeBus bus = changes;
            if (bus != null) {
                bus.publish(ChangeBus.PLUGINS, pluginId); // every node matches the new state once this commits
            }
            return null;
        });
    }

    @Override
    public synchronized void close() {
        manager.stopPlugins();
        manager.unloadPlugins();
    }
}
