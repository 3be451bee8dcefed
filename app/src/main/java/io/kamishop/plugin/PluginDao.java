package io.kamishop.plugin;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

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
            @Bind("content") byte[] content,
            @Bind("signedBy") String signedBy,
            @Bind("now") long now);

    @SqlUpdate
    void markRemoved(@Bind("id") String pluginId, @Bind("now") long now);

    @SqlQuery
    Optional<Boolean> enabled(@Bind("id") String pluginId);

    @SqlUpdate
    void saveEnabled(@Bind("id") String pluginId, @Bind("enabled") boolean enabled, @Bind("now") long now);

    /** Moves stored settings whose key the schema no longer has into plugin_settings_aside. */
    @SqlUpdate
    int setAside(
            @Bind("id") String pluginId,
            @Bind("name") String name,
            @Bind("version") String fromVersion,
            @Bind("now") long now);

    @SqlUpdate
    int restoreFromAside(@Bind("id") String pluginId, @Bind("name") String name);

    @SqlUpdate
    void deleteSetting(@Bind("id") String pluginId, @Bind("name") String name);

    @SqlUpdate
    void deleteAside(@Bind("id") String pluginId, @Bind("name") String name);

    @SqlQuery
    List<String> settingNames(@Bind("id") String pluginId);

    @SqlQuery
    List<String> asideNames(@Bind("id") String pluginId);

    @SqlUpdate
    void purgeSettings(@Bind("id") String pluginId);

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

    /** A stored plugin setting; a secret one's value is sealed. */
    record Setting(String name, String value, boolean secret) {}

    @SqlQuery
    @RegisterConstructorMapper(Setting.class)
    List<Setting> settings(@Bind("id") String pluginId);

    /** An upsert, not DELETE then INSERT: two nodes storing the same key at once would otherwise both insert and one fail. */
    @SqlUpdate
    int putSetting(
            @Bind("id") String pluginId,
            @Bind("name") String name,
            @Bind("value") String value,
            @Bind("secret") boolean secret,
            @Bind("now") long now);

    /** Like {@link #putSetting} but the value stored first wins (generated secrets). */
    @SqlUpdate
    int putSettingIfAbsent(
            @Bind("id") String pluginId,
            @Bind("name") String name,
            @Bind("value") String value,
            @Bind("secret") boolean secret,
            @Bind("now") long now);

    /** The licence signing key an older version kept in its own table: public key and sealed private key. */
    record LegacySigningKey(String publicKey, String sealedPrivate) {}

    @SqlQuery
    @RegisterConstructorMapper(LegacySigningKey.class)
    Optional<LegacySigningKey> legacyLicenceKey();
}
