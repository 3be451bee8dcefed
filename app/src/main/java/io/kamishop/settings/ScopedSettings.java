package io.kamishop.settings;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kamishop.api.SettingDefinition;
import io.kamishop.cluster.ChangeBus;
import io.kamishop.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one store of settings every feature keeps (store, mail, Telegram bot, plugins, themes): one table
 * keyed by {@link SettingsScope}, secrets sealed with the scope's sub-key before they reach it, and one
 * cache. Reads come from the cache (plugin settings are read on every order), opened once; a change on any
 * node is announced on the {@link ChangeBus} when it commits and every node drops that scope, so all of them
 * see it within milliseconds. Entries also expire after a minute, a safety net should an announcement be
 * lost. The environment's and config file's overrides are the features' business: this holds what the
 * merchant stored.
 */
public final class ScopedSettings {

    private final Database database;
    private final Clock clock;
    private final ChangeBus bus;
    private final Cache<String, Map<String, String>> cache =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).build();

    public ScopedSettings(Database database, Clock clock, ChangeBus bus) {
        this.database = database;
        this.clock = clock;
        this.bus = bus;
        bus.subscribe(ChangeBus.SETTINGS, scope -> {
            if (scope.equals(ChangeBus.EVERYTHING)) {
                cache.invalidateAll();
            } else {
                cache.invalidate(scope);
            }
        });
    }

    /** What the merchant stored in a scope, by name, secrets opened; unmodifiable. */
    public Map<String, String> values(SettingsScope scope) {
        return cache.get(scope.name(), name -> load(scope));
    }

    /** A change to one scope, made in one transaction by {@link Change#commit()}. */
    public Change change(SettingsScope scope) {
        return new Change(scope);
    }

    /**
     * Has every node drop its copy of a scope that was rewritten in a transaction of its own (a plugin upgrade setting
     * settings aside, an uninstall purging them); call it once that transaction committed.
     */
    public void forgetEverywhere(SettingsScope scope) {
        cache.invalidate(scope.name());
        bus.publish(ChangeBus.SETTINGS, scope.name());
    }

    private Map<String, String> load(SettingsScope scope) {
        Map<String, String> values = new HashMap<>();
        for (SettingsDao.Row row : database.read(tx -> tx.dao(SettingsDao.class).inScope(scope.name()))) {
            values.put(
                    row.name(),
                    row.secret()
                            ? scope.requireBox().openText(row.value(), scope.associatedData(row.name()))
                            : row.value());
        }
        return Map.copyOf(values);
    }

    /** Settings to put, put if absent, or remove in one scope; nothing is written before {@link #commit()}. */
    public final class Change {

        private final SettingsScope scope;
        private final List<Step> steps = new ArrayList<>();

        private Change(SettingsScope scope) {
            this.scope = scope;
        }

        /** Stores a plain value. */
        public Change put(String name, String value) {
            steps.add(new Step(name, value, false, false));
            return this;
        }

        /** Stores a value sealed with the scope's sub-key. */
        public Change putSecret(String name, String value) {
            steps.add(new Step(name, value, true, false));
            return this;
        }

        /** Stores a value, sealed if {@code secret}, unless the setting has one: the first node's value wins (generated secrets). */
        public Change putIfAbsent(String name, String value, boolean secret) {
            steps.add(new Step(name, value, secret, true));
            return this;
        }

        /**
         * Puts values checked against their schema ({@link SettingsValidator}) as it declares them: a secret sealed,
         * and kept as stored when sent back as {@link SettingsValidator#MASK}; a multi-choice in its options' order;
         * a {@code null} or empty value removed (the setting goes back to its default or the environment's).
         */
        public Change putChecked(List<SettingDefinition> schema, Map<String, ? extends @Nullable String> values) {
            values.forEach((name, value) -> {
                SettingDefinition definition = schema.stream()
                        .filter(d -> d.key().equals(name))
                        .findFirst()
                        .orElse(null);
                if (value == null || value.isEmpty()) {
                    remove(name);
                } else if (definition == null) {
                    put(name, value);
                } else if (!definition.secret()) {
                    put(name, SettingsValidator.normalised(definition, value));
                } else if (!value.equals(SettingsValidator.MASK)) {
                    putSecret(name, SettingsValidator.normalised(definition, value));
                }
            });
            return this;
        }

        /** Removes the stored value: the setting goes back to its default. */
        public Change remove(String name) {
            steps.add(new Step(name, null, false, false));
            return this;
        }

        /** Writes every step in one transaction and tells every node, once it commits, to read the scope again. */
        public void commit() {
            if (steps.isEmpty()) {
                return;
            }
            long now = clock.millis();
            database.write(tx -> {
                SettingsDao settings = tx.dao(SettingsDao.class);
                for (Step step : steps) {
                    String value = step.value();
                    if (value == null) {
                        settings.remove(scope.name(), step.name());
                        continue;
                    }
                    String stored = step.secret()
                            ? scope.requireBox().sealText(value, scope.associatedData(step.name()))
                            : value;
                    if (step.ifAbsent()) {
                        settings.putIfAbsent(scope.name(), step.name(), stored, step.secret(), now);
                    } else {
                        settings.put(scope.name(), step.name(), stored, step.secret(), now);
                    }
                }
                bus.publish(ChangeBus.SETTINGS, scope.name());
                return null;
            });
            cache.invalidate(scope.name());
        }
    }

    private record Step(String name, @Nullable String value, boolean secret, boolean ifAbsent) {}
}
