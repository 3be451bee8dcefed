package io.kamishop.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.ApiVersion;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.NotificationSubmitter;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PluginSettings;
import io.kamishop.api.SettingDefinition;
import io.kamishop.api.StoreUrls;
import io.kamishop.config.AppConfig;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.SettingsDao;
import io.kamishop.settings.SettingsScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.pf4j.DefaultVersionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin host: installs, upgrades, enables, disables and uninstalls plugins at run time, and
 * hands the rest of the store guarded views of their extensions.
 *
 * <p>The database is the source of truth: the plugin files themselves ({@code plugin_files}), whether
 * each is enabled, and their settings. The data dir's {@code plugins/} folder is only a cache the
 * class loaders read from, emptied on every start. So a restart, a restored backup or another node
 * runs the plugins the merchant installed.
 *
 * <p>Concurrency: lifecycle operations queue on one lock (PF4J managers are not thread-safe, and two
 * uploads of one plugin must not interleave). Request threads never take it: they read the
 * immutable {@link Entry} of each plugin and call extensions through {@link ExtensionGuard}, which
 * holds the plugin's gate for the length of a call. Stopping a plugin closes its gate, which waits
 * for those calls. No database write happens while a gate is closed, so a request that holds a gate
 * and waits for the database can never wait on us.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    /**
     * Whether each loaded plugin starts before the merchant has said (its manifest's {@code Plugin-Enabled-By-Default},
     * read when it was loaded): the host knows no plugin by name. Plugins that must be set up first say false.
     */
    private final Map<String, Boolean> enabledByDefault = new ConcurrentHashMap<>();

    private static final String BUNDLED = "bundled";
    /** Enabled by a start flag for this process only (see {@link #start}). */
    private final Set<String> enabledForThisRun = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final String UPLOADED = "uploaded";

    /**
     * A plugin as it stands now; replaced whole on every change, so readers need no lock.
     *
     * @param running the loaded version serving calls, when {@code state} is {@code started}
     * @param sha256  digest of the file this entry was made from, to notice another node's upgrade
     * @param testOnly its manifest's {@code Plugin-Test-Only}: the admin warns while it runs
     */
    record Entry(
            String id,
            String version,
            String description,
            String state,
            @Nullable String error,
            @Nullable String signedBy,
            List<String> extensionTypes,
            Set<String> extensionIds,
            List<SettingDefinition> schema,
            @Nullable LoadedPlugin running,
            String sha256,
            boolean testOnly) {

        InstalledPlugin view() {
            return new InstalledPlugin(id, version, description, state, extensionTypes, signedBy != null, error);
        }

        /** This plugin as disabled: nothing running, no error. */
        Entry disabled() {
            return new Entry(
                    id,
                    version,
                    description,
                    "disabled",
                    null,
                    signedBy,
                    extensionTypes,
                    extensionIds,
                    schema,
                    null,
                    sha256,
                    testOnly);
        }

        /** Plugin {@code id} as loaded from {@code archive}, in {@code state}; {@code running} only once started. */
        static Entry of(
                String id,
                PluginArchive archive,
                @Nullable String signedBy,
                LoadedPlugin loaded,
                String state,
                @Nullable String error,
                @Nullable LoadedPlugin running) {
            return new Entry(
                    id,
                    archive.version(),
                    archive.description(),
                    state,
                    error,
                    signedBy,
                    loaded.extensionTypes(),
                    loaded.extensionIds(),
                    honouredSchema(id, loaded.schema(), signedBy),
                    running,
                    archive.sha256(),
                    archive.testOnly());
        }
    }

    private final Path cacheDir;
    private final Database database;
    private final PluginSettingsStore settingsStore;
    private final PluginSignatures signatures;
    private final SecretBox storeBox;
    private final StoreUrls storeUrls;
    private final JsonCodec json;
    private final NotificationSubmitter notifications;
    private final Clock clock;
    private final boolean allowPrivateOutbound;
    private final ReentrantLock lifecycle = new ReentrantLock(true);
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /**
     * The started extensions by type, filled on first ask and dropped whole on every change of {@link #entries}:
     * the storefront, the order path and delivery ask for their extension types on every request, and walking
     * every plugin's extensions each time was work repeated for an answer that changes only when a plugin does.
     */
    private volatile Map<Class<?>, List<Owned<?>>> byType = new ConcurrentHashMap<>();

    private final Map<String, PluginMetrics> metrics = new ConcurrentHashMap<>();
    /** Each loaded plugin's settings translations by language, kept while it is disabled like its schema. */
    private final Map<String, Map<String, java.util.Properties>> translations = new ConcurrentHashMap<>();

    private final ScheduledExecutorService workers;
    private final BundledJars bundled;
    private volatile Consumer<Entry> failureListener = e -> {};

    public PluginHost(
            AppConfig config,
            Database database,
            PluginSettingsStore settingsStore,
            SecretBox storeBox,
            StoreUrls storeUrls,
            ObjectMapper mapper,
            NotificationSubmitter notifications,
            Clock clock,
            BundledJars bundled) {
        this.bundled = bundled;
        this.cacheDir = config.dataDir().resolve("plugins");
        this.database = database;
        this.settingsStore = settingsStore;
        this.signatures = PluginSignatures.from(config);
        this.storeBox = storeBox;
        this.storeUrls = storeUrls;
        this.json = new JacksonJsonCodec(mapper);
        this.notifications = notifications;
        this.clock = clock;
        this.allowPrivateOutbound = config.override("KAMISHOP_ALLOW_PRIVATE_OUTBOUND")
                .map(Boolean::parseBoolean)
                .orElse(false);
        // The plugins' own Scheduler (PluginTasks): tasks a plugin starts and stops at run time, gated
        // per plugin and cancelled with it, so they live here rather than in BackgroundWork's list.
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "kamishop-plugin-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Installs the bundled plugins (first start, or a newer build), then loads every installed plugin and starts the enabled ones.
     *
     * @param demo {@code --demo}: also runs, until this process stops and whatever is stored, every plugin whose
     *             manifest says {@code Plugin-Enabled-In-Demo: true} (the sandbox channel). Never written down: a
     *             later start without the flag must not inherit it, as the sandbox hands out real keys for a press
     *             of its Pay button. Only the merchant's own {@link #enable} is kept.
     */
    public void start(boolean demo) {
        lifecycle.lock();
        try {
            emptyCache();
            // A jar installed just now is handed on as checked, not read, hashed and inspected a second time.
            Map<String, Checked> justInstalled = installBundled();
            for (PluginDao.Header stored :
                    database.read(tx -> tx.dao(PluginDao.class).installedHeaders())) {
                Checked checked = justInstalled.get(stored.sha256());
                if (checked != null) {
                    activate(stored.pluginId(), stored.version(), stored.sha256(), () -> checked, demo);
                } else {
                    activateStored(stored, demo);
                }
            }
            if (!database.dialect().singleWriter()) {
                // Several nodes share a PostgreSQL database: follow what the others install and configure.
                workers.scheduleWithFixedDelay(this::syncQuietly, 1, 1, TimeUnit.SECONDS);
            }
        } finally {
            bundled.forgetReadAhead();
            lifecycle.unlock();
        }
    }

    private void syncQuietly() {
        try {
            syncFromDatabase();
        } catch (RuntimeException e) {
            LOG.warn("could not follow plugin changes from the database, will retry: {}", e.toString());
        }
    }

    /**
     * Brings this node in line with the database, where another node may have installed, upgraded,
     * enabled, disabled or uninstalled a plugin. Skips a round if a lifecycle operation is running here
     * (it is about to make the same change, or the next round will). Settings are not its business: every
     * change to them, a reconfiguration or an upgrade's, is announced on the change bus ({@code ScopedSettings}),
     * so a node's copy is not dropped and read again every second.
     */
    public void syncFromDatabase() {
        if (!lifecycle.tryLock()) {
            return;
        }
        try {
            Set<String> installed = new HashSet<>();
            for (PluginDao.Summary row :
                    database.read(tx -> tx.dao(PluginDao.class).summary())) {
                if (row.removed()) {
                    continue;
                }
                String id = row.pluginId();
                installed.add(id);
                Entry local = entries.get(id);
                boolean enabled = enabledForThisRun.contains(id)
                        || (row.enabled() != null ? row.enabled() : enabledByDefault.getOrDefault(id, true));
                if (local == null
                        || !row.sha256().equals(local.sha256())
                        || enabled && local.state().equals("disabled")) {
                    LoadedPlugin previous = local == null ? null : local.running();
                    database.read(tx -> tx.dao(PluginDao.class).findHeader(id))
                            .filter(s -> !s.removed())
                            .ifPresent(stored -> activateStored(stored, false)); // not a start: never the demo's
                    Entry now = entries.get(id);
                    if (previous != null && (now == null || now.running() != previous)) {
                        previous.close();
                    }
                } else if (!enabled && !local.state().equals("disabled")) {
                    remember(id, local.disabled());
                    if (local.running() != null) {
                        local.running().close();
                    }
                }
            }
            for (Entry local : List.copyOf(entries.values())) {
                if (!installed.contains(local.id())) {
                    forget(local.id());
                    if (local.running() != null) {
                        local.running().close();
                    }
                }
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Installs a plugin file, or upgrades the installed plugin of the same id in place, and starts it.
     * Everything that can be checked is checked before anything changes: a refused file is a 422 and
     * the store is as it was. A plugin that throws in its own {@code start} is installed as {@code failed}.
     */
    public InstalledPlugin install(byte[] file) {
        PluginArchive archive = PluginArchive.inspect(file);
        checkCompatible(archive);
        String signedBy = signatures.verify(archive).orElse(null);
        lifecycle.lock();
        try {
            LoadedPlugin candidate = LoadedPlugin.load(archive, cacheDir, this::runningVersion);
            Entry previous = entries.get(archive.id());
            try {
                checkUniqueIds(archive.id(), candidate.extensionIds());
                database.write(tx -> {
                    PluginDao dao = tx.dao(PluginDao.class);
                    dao.saveFile(
                            archive.id(),
                            archive.version(),
                            UPLOADED,
                            archive.sha256(),
                            archive.bytes(),
                            signedBy,
                            clock.millis());
                    dao.saveEnabled(archive.id(), true, clock.millis());
                    keepSettingsAcross(
                            tx, archive.id(), candidate.schema(), previous == null ? "?" : previous.version());
                    return null;
                });
            } catch (RuntimeException e) {
                candidate.close();
                throw e;
            }
            settingsStore.forgetEverywhere(archive.id());
            translations.put(archive.id(), candidate.translations()); // the new version's form texts, stored now
            Entry started = startLoaded(archive, signedBy, candidate);
            if (previous != null && previous.running() != null) {
                // The new version serves already; this waits only for the old version's calls in flight.
                previous.running().close();
            }
            LOG.info(
                    "plugin {} {} installed{}",
                    archive.id(),
                    archive.version(),
                    previous == null ? "" : " (was " + previous.version() + ")");
            return started.view();
        } finally {
            lifecycle.unlock();
        }
    }

    public void enable(String pluginId) {
        lifecycle.lock();
        try {
            Entry entry = require(pluginId);
            saveEnabled(pluginId, true);
            if (entry.running() == null) {
                database.read(tx -> tx.dao(PluginDao.class).findHeader(pluginId))
                        .filter(s -> !s.removed())
                        .ifPresent(stored -> activateStored(stored, false)); // not a start: never the demo's
            }
        } finally {
            lifecycle.unlock();
        }
    }

    public void disable(String pluginId) {
        lifecycle.lock();
        try {
            Entry entry = require(pluginId);
            enabledForThisRun.remove(pluginId);
            saveEnabled(pluginId, false);
            remember(pluginId, entry.disabled());
            if (entry.running() != null) {
                entry.running().close();
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** Stops and removes a plugin. Its settings and key-value store stay for a later reinstall unless {@code purge}. */
    public void uninstall(String pluginId, boolean purge) {
        lifecycle.lock();
        try {
            Entry entry = require(pluginId);
            database.write(tx -> {
                PluginDao dao = tx.dao(PluginDao.class);
                dao.markRemoved(pluginId, clock.millis());
                if (purge) {
                    tx.dao(SettingsDao.class).removeScope(SettingsScope.pluginScopeName(pluginId));
                    dao.purgeAside(pluginId);
                    dao.purgeKv(pluginId);
                    dao.purgeState(pluginId);
                }
                return null;
            });
            settingsStore.forgetEverywhere(pluginId);
            forget(pluginId);
            if (entry.running() != null) {
                entry.running().close();
            }
            if (purge) {
                metrics.remove(pluginId);
            }
            LOG.info("plugin {} uninstalled{}", pluginId, purge ? " and its data purged" : "");
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Loads a stored plugin and, if enabled, starts it. A plugin whose stored digest is one of this
     * build's bundled jars is read from that jar (see {@link #bundledCopy}); any other is read from the
     * database and checked in full.
     */
    private void activateStored(PluginDao.Header stored, boolean demo) {
        if (isBundledInThisBuild(stored.sha256())) {
            activate(stored.pluginId(), stored.version(), stored.sha256(), () -> bundledCopy(stored.sha256()), demo);
            return;
        }
        database.read(tx -> tx.dao(PluginDao.class).find(stored.pluginId()))
                .filter(s -> !s.removed())
                .ifPresent(file -> activate(file.pluginId(), file.version(), file.sha256(), () -> check(file), demo));
    }

    private Checked check(StoredPlugin file) {
        byte[] content = file.content();
        if (content == null) {
            // Only the row of a bundled jar is stored (see keepsBytes), and this build has no such jar: the data
            // dir came from another build (a restored backup) whose bundled plugin this one no longer ships.
            throw Refusal.invalid(
                    "plugin_not_in_this_build",
                    "plugin " + file.pluginId() + " " + file.version()
                            + " came with another build of Kamishop and is not in this one; upload it to run it");
        }
        return check(content);
    }

    /**
     * Loads a plugin and, if enabled, starts it; any failure leaves it listed as {@code failed}.
     * {@code checking} yields the checked file (or throws the refusal); {@code version} and
     * {@code sha256} are the stored row's, for the failure entry when the file cannot be read. {@code demo}: a start
     * with {@code --demo}, which runs the plugins that declare {@code Plugin-Enabled-In-Demo}.
     */
    private void activate(String id, String version, String sha256, Supplier<Checked> checking, boolean demo) {
        PluginArchive archive;
        @Nullable String signedBy;
        LoadedPlugin loaded;
        try {
            Checked checked = checking.get();
            archive = checked.archive();
            checkCompatible(archive);
            signedBy = checked.signedBy();
            loaded = LoadedPlugin.load(archive, cacheDir, this::runningVersion);
            translations.put(id, loaded.translations());
        } catch (Refusal e) {
            recordFailure(new Entry(
                    id,
                    version,
                    "",
                    "failed",
                    e.getMessage(),
                    null,
                    List.of(),
                    Set.of(),
                    List.of(),
                    null,
                    sha256,
                    false));
            return;
        }
        try {
            checkUniqueIds(id, loaded.extensionIds());
        } catch (Refusal e) {
            loaded.close();
            recordFailure(Entry.of(id, archive, signedBy, loaded, "failed", e.getMessage(), null));
            return;
        }
        enabledByDefault.put(id, archive.enabledByDefault());
        if (demo && archive.enabledInDemo()) {
            enabledForThisRun.add(id);
        }
        if (!isEnabled(id)) {
            loaded.close();
            remember(id, Entry.of(id, archive, signedBy, loaded, "disabled", null, null));
            return;
        }
        startLoaded(archive, signedBy, loaded);
    }

    /**
     * The guarded HTTP client plugins get, for the store's own outbound calls (the Telegram bot): the
     * same refusal of private addresses unless {@code KAMISHOP_ALLOW_PRIVATE_OUTBOUND=true}, no redirects.
     */
    public OutboundHttp outboundHttp() {
        return new GuardedHttpClient(allowPrivateOutbound);
    }

    /** Gives a loaded version its context, starts it and makes it the one serving calls. */
    private Entry startLoaded(PluginArchive archive, @Nullable String signedBy, LoadedPlugin loaded) {
        String id = archive.id();
        try {
            settingsStore.generateMissing(id, loaded.schema());
            PluginTasks tasks = new PluginTasks(id, workers, loaded::gated);
            HostPluginContext context = new HostPluginContext(
                    id,
                    settingsOf(id),
                    storeUrls,
                    clock,
                    System.getLogger("plugin." + id),
                    json,
                    notifications,
                    new PluginKeyValueStore(id, database, storeBox, clock),
                    metrics.computeIfAbsent(id, x -> new PluginMetrics()),
                    tasks,
                    new GuardedHttpClient(allowPrivateOutbound));
            loaded.start(context, tasks);
        } catch (RuntimeException | LinkageError e) {
            // A broken plugin must not take the store down with it: it is listed as failed, with why.
            LOG.warn("plugin {} failed to start: {}", id, e.toString());
            loaded.close();
            Entry failed = Entry.of(id, archive, signedBy, loaded, "failed", "failed to start: " + e, null);
            recordFailure(failed);
            return failed;
        }
        Entry started = Entry.of(id, archive, signedBy, loaded, "started", null, loaded);
        remember(id, started);
        LOG.info(
                "plugin {} {} started{}",
                id,
                archive.version(),
                signedBy != null ? " (signed by " + signedBy + ")" : "");
        return started;
    }

    private void recordFailure(Entry failed) {
        remember(failed.id(), failed);
        try {
            failureListener.accept(failed);
        } catch (RuntimeException e) {
            LOG.warn("a plugin failure listener failed: {}", e.toString());
        }
    }

    /** Refuses a plugin whose {@code Plugin-Requires} range does not include the API this store offers. */
    private static void checkCompatible(PluginArchive archive) {
        boolean compatible;
        try {
            compatible = new DefaultVersionManager().checkVersionConstraint(ApiVersion.CURRENT, archive.requires());
        } catch (RuntimeException e) {
            throw Refusal.invalid(
                    "plugin_incompatible",
                    "plugin " + archive.id() + " declares Plugin-Requires '" + archive.requires()
                            + "', which is not a version range (write e.g. >=1.0.0 & <2.0.0)");
        }
        if (!compatible) {
            throw Refusal.invalid(
                    "plugin_incompatible",
                    "plugin " + archive.id() + " " + archive.version() + " requires plugin API " + archive.requires()
                            + ", but this store offers plugin API " + ApiVersion.CURRENT);
        }
    }

    /** Two plugins must not both answer for one channel id (or key format id...): which one would be paid? */
    private void checkUniqueIds(String pluginId, Set<String> ids) {
        for (Entry other : entries.values()) {
            if (other.id().equals(pluginId)) {
                continue;
            }
            for (String id : ids) {
                if (other.extensionIds().contains(id)) {
                    throw Refusal.invalid("duplicate_extension", id + " is already provided by plugin " + other.id());
                }
            }
        }
    }

    /**
     * Settings across an upgrade: a key the new version no longer declares is set aside (kept, not
     * lost), and a key set aside earlier comes back when a version declares it again.
     */
    private void keepSettingsAcross(Tx tx, String pluginId, List<SettingDefinition> schema, String fromVersion) {
        PluginDao dao = tx.dao(PluginDao.class);
        SettingsDao settings = tx.dao(SettingsDao.class);
        String scope = SettingsScope.pluginScopeName(pluginId);
        Set<String> declared = new java.util.HashSet<>();
        schema.forEach(d -> declared.add(d.key()));
        long now = clock.millis();
        for (SettingsDao.Row stored : settings.inScope(scope)) {
            if (!declared.contains(stored.name())) {
                dao.setAside(pluginId, scope, stored.name(), fromVersion, now);
                settings.remove(scope, stored.name());
            }
        }
        for (String name : dao.asideNames(pluginId)) {
            if (declared.contains(name)) {
                dao.restoreFromAside(pluginId, scope, name);
                dao.deleteAside(pluginId, name);
            }
        }
    }

    /** Installs the bundled jars not yet stored; returns those it stored, checked, by SHA-256. */
    private Map<String, Checked> installBundled() {
        Map<String, Checked> installed = new HashMap<>();
        // Every stored plugin's header in one query, rather than one or two per bundled jar.
        Map<String, PluginDao.Header> stored = new HashMap<>();
        database.read(tx -> tx.dao(PluginDao.class).headers()).forEach(header -> stored.put(header.pluginId(), header));
        try {
            for (String name : bundled.names()) {
                toInstall(name, stored)
                        .ifPresent(checked -> installed.put(checked.archive().sha256(), checked));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the bundled plugins", e);
        }
        if (!installed.isEmpty()) {
            // One transaction for all of them: a first start stores 19 jars, and each commit of its own
            // was an fsync under synchronous=FULL.
            long now = clock.millis();
            database.write(tx -> {
                PluginDao dao = tx.dao(PluginDao.class);
                for (Checked checked : installed.values()) {
                    PluginArchive archive = checked.archive();
                    dao.saveFile(
                            archive.id(),
                            archive.version(),
                            BUNDLED,
                            archive.sha256(),
                            keepsBytes(archive) ? archive.bytes() : null,
                            checked.signedBy(),
                            now);
                }
                return null;
            });
        }
        return installed;
    }

    /**
     * Whether the database keeps a bundled jar's bytes, or only its row (id, version, digest). A single-node store
     * (SQLite) reads its bundled plugins from the application's jar on every start ({@link #activateStored}), so the
     * stored bytes were never read back; writing them cost a first start ~30 MB into a new database (Stripe 20,
     * S3 9): ~150 ms of the start on this machine and ~50 MB of its peak memory. Nodes sharing a database keep them:
     * another node may run a build without this very jar (a rolling upgrade), and it loads the stored copy.
     */
    private boolean keepsBytes(PluginArchive archive) {
        return !database.dialect().singleWriter() || !isBundledInThisBuild(archive.sha256());
    }

    /**
     * Bundled plugin {@code name}, checked, when it is to be stored: not yet stored, or an older bundled copy.
     * {@code storedHeaders}: the stored plugins' headers by plugin id, read when this start began installing.
     */
    private Optional<Checked> toInstall(String name, Map<String, PluginDao.Header> storedHeaders) throws IOException {
        if (storedCopyIsCurrent(name, storedHeaders)) {
            return Optional.empty(); // nothing to install: skip reading, parsing and verifying the jar on every start
        }
        Optional<String> publisher = signatures.bundledPublisher();
        PluginArchive archive;
        Checked checked;
        try {
            // The jar comes out of the application's own jar, with the digest its build wrote: hashing it
            // again would only prove the build consistent with itself (BundledJarsTest does that).
            Optional<PluginArchive> known = publisher.isPresent() ? bundled.known(name) : Optional.empty();
            if (known.isPresent()) {
                checked = new Checked(known.get(), publisher.get());
            } else {
                Optional<byte[]> read = BundledJars.read(name);
                if (read.isEmpty()) {
                    LOG.warn("bundled plugin {} is missing from this build", name);
                    return Optional.empty();
                }
                checked = check(read.get());
            }
            archive = checked.archive();
        } catch (Refusal e) {
            LOG.warn("bundled plugin {} is not installable: {}", name, e.getMessage());
            return Optional.empty();
        }
        Optional<PluginDao.Header> stored = Optional.ofNullable(storedHeaders.get(archive.id()));
        // First start installs it; a newer build replaces its own bundled copy; a merchant's upload or
        // uninstall of a bundled plugin is the merchant's choice and stays.
        boolean install = stored.isEmpty()
                || !stored.get().removed()
                        && stored.get().origin().equals(BUNDLED)
                        && !stored.get().sha256().equals(archive.sha256());
        if (!install) {
            archive.content().discard();
            return Optional.empty();
        }
        return Optional.of(checked);
    }

    /**
     * The bundled jar of this build with this SHA-256, read from the application's own jar rather than
     * from the database: the same bytes, as trusted as the host's classes (the JVM checks each entry's
     * CRC-32 as it inflates it), without reading 20 MB out of the database and hashing them, which was
     * ~150 ms of a start's CPU (SHA-256 has no intrinsic under C1, the small-VPS setting). A stored copy
     * that no longer matches its digest column thus loads the genuine jar. Only for a digest for which
     * {@link #isBundledInThisBuild} holds.
     */
    private Checked bundledCopy(String sha256) {
        BundledJars.Jar jar = bundled.identify(sha256).orElseThrow();
        try {
            PluginArchive archive =
                    bundled.known(jar.name()).orElseThrow(() -> new IOException("missing from this build"));
            return new Checked(archive, signatures.bundledPublisher().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled plugin " + jar.name(), e);
        }
    }

    /** Whether {@code sha256} is one of this build's bundled jars, and this store trusts the build's bundled publisher. */
    private boolean isBundledInThisBuild(String sha256) {
        return signatures.bundledPublisher().isPresent()
                && bundled.identify(sha256).isPresent();
    }

    /**
     * Whether installing bundled plugin {@code name} would change nothing, judged from the digest the
     * build wrote beside it (plugin id and SHA-256, see {@link BundledPluginSigner}): the stored copy is
     * this very jar, or the merchant uploaded or uninstalled their own. The stored copy is still
     * checked when it is loaded (see {@link #check}). Without a digest (an older build) the jar is inspected as before.
     */
    private boolean storedCopyIsCurrent(String name, Map<String, PluginDao.Header> storedHeaders) {
        Optional<BundledJars.Jar> jar = bundled.digest(name);
        if (jar.isEmpty()) {
            return false;
        }
        // The header only: reading the stored bytes (20 MB for Stripe) to compare a digest cost a start ~50 ms and GCs.
        Optional<PluginDao.Header> stored =
                Optional.ofNullable(storedHeaders.get(jar.get().pluginId()));
        return stored.isPresent()
                && (stored.get().removed()
                        || !stored.get().origin().equals(BUNDLED)
                        || stored.get().sha256().equals(jar.get().sha256()));
    }

    /** A plugin file checked for loading, and the trusted publisher who signed it ({@code null}: none). */
    private record Checked(PluginArchive archive, @Nullable String signedBy) {}

    /**
     * Checks a file before it is loaded. A file that is byte for byte one of this build's bundled jars
     * (whole-file SHA-256 against the digest the build wrote) was inspected and signed by that build,
     * so only its descriptor is read; any other file is inspected entry by entry and its signature verified.
     */
    private Checked check(byte[] content) {
        Optional<String> bundledPublisher = signatures.bundledPublisher();
        String sha256 = PluginArchive.sha256(content);
        if (bundledPublisher.isPresent() && bundled.identify(sha256).isPresent()) {
            // The digest just taken goes along: hashing the 20 MB Stripe jar twice per start was ~70 ms.
            return new Checked(PluginArchive.inspectKnown(content, sha256), bundledPublisher.get());
        }
        PluginArchive archive = PluginArchive.inspect(content);
        return new Checked(archive, signatures.verify(archive).orElse(null));
    }

    private void emptyCache() {
        try {
            Files.createDirectories(cacheDir);
            try (Stream<Path> files = Files.list(cacheDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(LoadedPlugin::deleteQuietly);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + cacheDir, e);
        }
    }

    private PluginSettings settingsOf(String pluginId) {
        return key -> settingsStore.value(pluginId, key, schema(pluginId)).filter(v -> !v.isEmpty());
    }

    /**
     * A plugin's schema as the host honours it. A setting's own environment variable
     * ({@link SettingDefinition#environmentVariable()}) is a {@code KAMISHOP_} name, where the store keeps its master
     * key and admin token: only a plugin bundled with the store (signed by its build) may name one. Any other
     * plugin's names are dropped, with a warning; its settings keep {@code KAMISHOP_PLUGIN_<PLUGIN>_<KEY>}.
     */
    static List<SettingDefinition> honouredSchema(
            String pluginId, List<SettingDefinition> schema, @Nullable String signedBy) {
        if (PluginSignatures.BUNDLED_PUBLISHER.equals(signedBy)
                || schema.stream().allMatch(d -> d.environmentVariable() == null)) {
            return schema;
        }
        List<SettingDefinition> honoured = new ArrayList<>(schema.size());
        for (SettingDefinition d : schema) {
            if (d.environmentVariable() != null) {
                LOG.warn(
                        "plugin {}: setting {} names the environment variable {}, which only a plugin bundled with"
                                + " the store may do; ignored, KAMISHOP_PLUGIN_* still applies",
                        pluginId,
                        d.key(),
                        d.environmentVariable());
                d = d.withEnvironmentVariable(null);
            }
            honoured.add(d);
        }
        return List.copyOf(honoured);
    }

    /** The ids of the started plugins whose manifest says {@code Plugin-Test-Only: true}, in id order. */
    public List<String> startedTestOnly() {
        return entries.values().stream()
                .filter(e -> e.testOnly() && e.state().equals("started"))
                .map(Entry::id)
                .sorted()
                .toList();
    }

    /** The settings schema of a plugin (kept while it is disabled, so the merchant can configure it first). */
    public List<SettingDefinition> schema(String pluginId) {
        Entry entry = entries.get(pluginId);
        return entry == null ? List.of() : entry.schema();
    }

    /** A plugin's settings form texts in an admin language ({@code en}, {@code zh-CN}), English where it ships none. */
    public PluginTexts texts(String pluginId, String language) {
        Map<String, java.util.Properties> shipped = translations.get(pluginId);
        return shipped == null ? PluginTexts.english() : PluginTexts.of(shipped.get(language));
    }

    /**
     * The extensions of a type across started plugins, each a guarded proxy: hold it as long as you
     * like, every call waits for nothing but runs inside the plugin's gate.
     */
    public <T> List<T> extensions(Class<T> type) {
        List<Owned<T>> owned = ownedExtensions(type);
        List<T> found = new ArrayList<>(owned.size());
        for (Owned<T> o : owned) {
            found.add(o.extension());
        }
        return found;
    }

    /**
     * A file a running plugin ships under {@code kamishop-web/} (served to browsers at
     * {@code /plugin-assets/{pluginId}/{name}}), or empty when the plugin is not running or has no such file.
     */
    public Optional<byte[]> webAsset(String pluginId, String name) {
        Entry entry = entries.get(pluginId);
        LoadedPlugin running = entry == null ? null : entry.running();
        return running == null ? Optional.empty() : running.webAsset(name);
    }

    /** An extension with the id of the plugin that provides it. */
    public record Owned<T>(String pluginId, T extension) {}

    /** Like {@link #extensions}, each with its plugin's id (for state kept per plugin, such as the notice outbox's rows). */
    @SuppressWarnings("unchecked") // each list is filled with instances of its key, checked by isInstance
    public <T> List<Owned<T>> ownedExtensions(Class<T> type) {
        List<Owned<?>> found = byType.computeIfAbsent(type, this::findOwned);
        return (List<Owned<T>>) (List<?>) found;
    }

    private List<Owned<?>> findOwned(Class<?> type) {
        List<Owned<?>> found = new ArrayList<>();
        for (Entry entry : entries.values()) {
            LoadedPlugin running = entry.running();
            if (running != null) {
                for (Object extension : running.guarded()) {
                    if (type.isInstance(extension)) {
                        found.add(new Owned<>(entry.id(), extension));
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    /**
     * Every change of a plugin goes through here and {@link #forget}: the entry is replaced first, then the index
     * is dropped, so a reader that takes the new (empty) index fills it from the new entries.
     */
    private void remember(String id, Entry entry) {
        entries.put(id, entry);
        byType = new ConcurrentHashMap<>();
    }

    private void forget(String id) {
        entries.remove(id);
        byType = new ConcurrentHashMap<>();
    }

    /**
     * The ids a plugin declares for an extension point (its payment channels' ids, say), known from its
     * file also while it is disabled, so the merchant can set up the gateway before switching it on.
     */
    public List<String> declaredIds(String pluginId, Class<?> point) {
        Entry entry = entries.get(pluginId);
        if (entry == null) {
            return List.of();
        }
        String prefix = point.getSimpleName() + " '";
        return entry.extensionIds().stream()
                .filter(id -> id.startsWith(prefix) && id.endsWith("'"))
                .map(id -> id.substring(prefix.length(), id.length() - 1))
                .toList();
    }

    /**
     * Whether the running extension of a plugin implements {@code method} of {@code point} itself
     * instead of inheriting the interface's default: the admin offers an optional operation (a
     * connection test) only where the plugin has one, without calling it to find out.
     */
    public boolean implementsOwn(String pluginId, Class<?> point, String method, Class<?>... parameters) {
        LoadedPlugin running = runningVersion(pluginId);
        if (running == null) {
            return false;
        }
        for (Object extension : running.extensions()) {
            if (point.isInstance(extension)) {
                try {
                    if (extension.getClass().getMethod(method, parameters).getDeclaringClass() != point) {
                        return true;
                    }
                } catch (NoSuchMethodException e) {
                    return false; // built against an API without the method
                }
            }
        }
        return false;
    }

    private @Nullable LoadedPlugin runningVersion(String pluginId) {
        Entry entry = entries.get(pluginId);
        return entry == null ? null : entry.running();
    }

    public List<InstalledPlugin> list() {
        return entries.values().stream()
                .sorted(Comparator.comparing(Entry::id))
                .map(Entry::view)
                .toList();
    }

    public Optional<InstalledPlugin> find(String pluginId) {
        return Optional.ofNullable(entries.get(pluginId)).map(Entry::view);
    }

    /** A plugin's counters and timers. */
    public Map<String, Object> metrics(String pluginId) {
        PluginMetrics m = metrics.get(pluginId);
        return m == null ? Map.of("counters", Map.of(), "timers", Map.of()) : m.snapshot();
    }

    public PluginSettingsStore settingsStore() {
        return settingsStore;
    }

    /** Work the host runs for plugins (event delivery, scheduled tasks) shares this pool. */
    public ScheduledExecutorService workers() {
        return workers;
    }

    /** Told when a plugin fails to load or start (for notifiers). */
    public void onFailure(Consumer<Entry> listener) {
        this.failureListener = listener;
    }

    private Entry require(String pluginId) {
        Entry entry = entries.get(pluginId);
        if (entry == null) {
            throw Refusal.notFound("plugin_not_found", "no plugin '" + pluginId + "' is installed");
        }
        return entry;
    }

    private boolean isEnabled(String pluginId) {
        if (enabledForThisRun.contains(pluginId)) {
            return true;
        }
        return database.read(tx -> tx.dao(PluginDao.class).enabled(pluginId))
                .orElse(enabledByDefault.getOrDefault(pluginId, true));
    }

    private void saveEnabled(String pluginId, boolean enabled) {
        database.write(tx -> {
            tx.dao(PluginDao.class).saveEnabled(pluginId, enabled, clock.millis());
            return null;
        });
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            for (Entry entry : entries.values()) {
                if (entry.running() != null) {
                    entry.running().close();
                }
            }
            entries.clear();
            byType = new ConcurrentHashMap<>();
            workers.shutdownNow();
        } finally {
            lifecycle.unlock();
        }
    }
}
