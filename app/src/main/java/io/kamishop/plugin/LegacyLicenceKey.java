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
 */
public final class LegacyLicenceKey {

    static final String PLUGIN_ID = "keyformat-license";
    static final String STORE_KEY = "ed25519-signing-key";

    private LegacyLicenceKey() {
    }

    /** Whether a key was handed over now. */
    public static boolean adopt(Database database, SecretBox legacyBox, SecretBox pluginBox, Clock clock) {
        Optional<String[]> row = database.read(h -> h.createQuery(
                        "SELECT public_key, sealed_private FROM licence_signing_keys WHERE name = 'licence-ed25519'")
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).findOne());
        if (row.isEmpty()) {
            return false;
        }
        String privateKey = legacyBox.openText(row.get()[1], "licence signing key licence-ed25519");
        return new PluginKeyValueStore(PLUGIN_ID, database, pluginBox, clock).putIfAbsent(STORE_KEY, privateKey + "." + row.get()[0]);
    }
}
