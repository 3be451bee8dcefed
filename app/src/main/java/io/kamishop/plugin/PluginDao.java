package io.kamishop.plugin;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** Installed plugin files, enabled flags, settings kept aside, and the plugins' key-value stores. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(StoredPlugin.class)
public interface PluginDao {

    /** What every node should be running: each plugin's file digest and enabled flag ({@code null} when never set). */
    record Summary(String pluginId, String sha256, boolean removed, Boolean enabled) {}

    @SqlQuery
    @RegisterConstructorMapper(Summary.class)
    List<Summary> summary();

    @SqlQuery
    Optional<StoredPlugin> find(@Bind("id") String pluginId);

    /** A stored plugin file's origin and digest, without its bytes (the Stripe plugin's are 20 MB). */
    record Header(String pluginId, String version, String origin, String sha256, boolean removed) {}

    @SqlQuery
    @RegisterConstructorMapper(Header.class)
    Optional<Header> findHeader(@Bind("id") String pluginId);

    /** Every stored plugin, uninstalled ones too, without their bytes. */
    @SqlQuery
    @RegisterConstructorMapper(Header.class)
    List<Header> headers();

    /** The installed (not uninstalled) plugins, without their bytes: a start reads a bundled plugin's from the build. */
    @SqlQuery
    @RegisterConstructorMapper(Header.class)
    List<Header> installedHeaders();

    @SqlUpdate
    void saveFile(
            @Bind("id") String pluginId,
            @Bind("version") String version,
            @Bind("origin") String origin,
            @Bind("sha256") String sha256,
            @Bind("content") byte @Nullable [] content,
            @Bind("signedBy") @Nullable String signedBy,
            @Bind("now") long now);

    @SqlUpdate
    void markRemoved(@Bind("id") String pluginId, @Bind("now") long now);

    @SqlQuery
    Optional<Boolean> enabled(@Bind("id") String pluginId);

    @SqlUpdate
    void saveEnabled(@Bind("id") String pluginId, @Bind("enabled") boolean enabled, @Bind("now") long now);

    /**
     * Copies a stored setting whose key the schema no longer has into plugin_settings_aside.
     *
     * @param scope the plugin's scope in the settings table ({@code SettingsScope.pluginScopeName})
     */
    @SqlUpdate
    int setAside(
            @Bind("id") String pluginId,
            @Bind("scope") String scope,
            @Bind("name") String name,
            @Bind("version") String fromVersion,
            @Bind("now") long now);

    /** Copies a setting kept aside back into the plugin's scope of the settings table, unless it has one. */
    @SqlUpdate
    int restoreFromAside(@Bind("id") String pluginId, @Bind("scope") String scope, @Bind("name") String name);

    @SqlUpdate
    void deleteAside(@Bind("id") String pluginId, @Bind("name") String name);

    @SqlQuery
    List<String> asideNames(@Bind("id") String pluginId);

    @SqlUpdate
    void purgeAside(@Bind("id") String pluginId);

    @SqlUpdate
    void purgeKv(@Bind("id") String pluginId);

    @SqlUpdate
    void purgeState(@Bind("id") String pluginId);

    @SqlQuery
    Optional<String> kvGet(@Bind("id") String pluginId, @Bind("name") String name);

    @SqlUpdate
    void kvPut(
            @Bind("id") String pluginId, @Bind("name") String name, @Bind("value") String value, @Bind("now") long now);

    @SqlUpdate
    int kvPutIfAbsent(
            @Bind("id") String pluginId, @Bind("name") String name, @Bind("value") String value, @Bind("now") long now);

    @SqlUpdate
    void kvDelete(@Bind("id") String pluginId, @Bind("name") String name);

    /** The licence signing key an older version kept in its own table: public key and sealed private key. */
    record LegacySigningKey(String publicKey, String sealedPrivate) {}

    @SqlQuery
    @RegisterConstructorMapper(LegacySigningKey.class)
    Optional<LegacySigningKey> legacyLicenceKey();
}
