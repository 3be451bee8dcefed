package io.kamishop.plugin;

import io.kamishop.api.KeyValueStore;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import java.time.Clock;
import java.util.Optional;

/** {@link KeyValueStore} of one plugin: rows of plugin_kv, each value sealed and bound to plugin and key. */
final class PluginKeyValueStore implements KeyValueStore {

    private static final int MAX_KEY = 200;
    private static final int MAX_VALUE = 65_536;

    private final String pluginId;
    private final Database database;
    private final SecretBox box;
    private final Clock clock;

    PluginKeyValueStore(String pluginId, Database database, SecretBox box, Clock clock) {
        this.pluginId = pluginId;
        this.database = database;
        this.box = box;
        this.clock = clock;
    }

    @Override
    public Optional<String> get(String key) {
        check(key, "");
        return database.read(tx -> tx.dao(PluginDao.class).kvGet(pluginId, key)).map(v -> box.openText(v, aad(key)));
    }

    @Override
    public void put(String key, String value) {
        check(key, value);
        String sealed = box.sealText(value, aad(key));
        database.write(tx -> {
            tx.dao(PluginDao.class).kvPut(pluginId, key, sealed, clock.millis());
            return null;
        });
    }

    @Override
    public boolean putIfAbsent(String key, String value) {
        check(key, value);
        String sealed = box.sealText(value, aad(key));
        return database.write(tx -> tx.dao(PluginDao.class).kvPutIfAbsent(pluginId, key, sealed, clock.millis()) == 1);
    }

    @Override
    public void delete(String key) {
        check(key, "");
        database.write(tx -> {
            tx.dao(PluginDao.class).kvDelete(pluginId, key);
            return null;
        });
    }

    private String aad(String key) {
        return "plugin-kv:" + pluginId + ":" + key;
    }

    private static void check(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("a key is 1 to " + MAX_KEY + " characters");
        }
        if (value == null || value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("a value is present and at most " + MAX_VALUE + " characters");
        }
    }
}
