package io.kamishop.plugin;

import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import java.time.Clock;
import java.util.Optional;

/**
 * Hands the licence signing key of the store's former built-in licence feature (table
 * {@code licence_signing_keys}, V75) to the keyformat-license plugin, so the licences already sold
 * keep verifying after the upgrade. Runs before the plugins start; {@code putIfAbsent} makes it a
 * no-op once the plugin has a key, and on a store that never had the built-in feature there is no row.
 * The entry name is the plugin's ({@code LicenceSigner.STORE_KEY}): the one place the host knows a
 * plugin's storage, for this upgrade only.
 *
 * <p>It stays here, plugin id and all, rather than in the plugin's manifest (issue 27): the data is the
 * host's own, a table of the store before the plugin existed, sealed under the host's key. For the plugin
 * to fetch it, the public plugin API would have to promise, for every later 1.x, a way to read a retired
 * host table; and the handover has exactly one recipient, the plugin that took over that feature.
 */
public final class LegacyLicenceKey {

    static final String PLUGIN_ID = "keyformat-license";
    static final String STORE_KEY = "ed25519-signing-key";

    private LegacyLicenceKey() {}

    /** Whether a key was handed over now. */
    public static boolean adopt(Database database, SecretBox legacyBox, SecretBox pluginBox, Clock clock) {
        Optional<PluginDao.LegacySigningKey> row =
                database.read(tx -> tx.dao(PluginDao.class).legacyLicenceKey());
        if (row.isEmpty()) {
            return false;
        }
        String privateKey = legacyBox.openText(row.get().sealedPrivate(), "licence signing key licence-ed25519");
        return new PluginKeyValueStore(PLUGIN_ID, database, pluginBox, clock)
                .putIfAbsent(STORE_KEY, privateKey + "." + row.get().publicKey());
    }
}
