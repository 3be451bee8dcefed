package io.kamishop.storefront;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.kamishop.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The values a merchant set for each theme's settings. Reads are cached for a second, so a page view
 * costs no query and another node's change shows within two.
 */
public final class ThemeSettingsStore {

    private final Database database;
    private final Clock clock;
    private final LoadingCache<String, Map<String, String>> cache;

    public ThemeSettingsStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(100)
                .expireAfterWrite(Duration.ofSeconds(1))
                .build(theme -> Map.copyOf(
                        database.read(tx -> tx.dao(ThemeSettingsDao.class).forTheme(theme))));
    }

    /** The merchant's values for a theme, by setting key; settings not in here use the manifest's default. */
    public Map<String, String> values(String theme) {
        return cache.get(theme);
    }

    /** Stores the values (a {@code null} value goes back to the default), all or nothing. */
    public void store(String theme, Map<String, String> values) {
        long now = clock.millis();
        database.write(tx -> {
            ThemeSettingsDao dao = tx.dao(ThemeSettingsDao.class);
            values.forEach((name, value) -> {
                if (value == null) {
                    dao.delete(theme, name);
                } else {
                    dao.upsert(theme, name, value, now);
                }
            });
            return null;
        });
        cache.invalidate(theme);
    }
}
