package io.kamishop.api.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.KeyValueStore;
import io.kamishop.api.Metrics;
import io.kamishop.api.NotificationSubmitter;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PluginContext;
import io.kamishop.api.PluginSettings;
import io.kamishop.api.Scheduler;
import io.kamishop.api.StoreUrls;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the host lends a plugin, for a plugin's own unit tests: settings the test sets directly in
 * {@link #values}, a store at {@code https://shop.example}, a clock, and the host's kind of JSON.
 * an in-memory key-value store ({@link #stored}, not encrypted, as a test can read it), and outbound HTTP
 * through {@link #http} when a test sets one. Services a plugin does not need (metrics, scheduler,
 * the notify path, or HTTP when none was set) fail the test when called, so a plugin that starts
 * using one is noticed.
 *
 * <p>Plugin modules get it from plugin-api's test jar ({@code <type>test-jar</type>}, test scope).
 */
public final class FakePluginContext implements PluginContext {

    /** Parses numbers the way the host does: whole numbers as {@code Long}, decimals as {@code BigDecimal}. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    /** The plugin's settings, as the merchant would have saved them. */
    public final Map<String, String> values = new ConcurrentHashMap<>();
    /** The plugin's key-value store, in memory. */
    public final Map<String, String> stored = new ConcurrentHashMap<>();
    /** The HTTP client the plugin gets; null fails the test when the plugin calls out. */
    public volatile OutboundHttp http;

    private final String pluginId;
    private final Clock clock;

    public FakePluginContext(String pluginId, Clock clock) {
        this.pluginId = pluginId;
        this.clock = clock;
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public PluginSettings settings() {
        return key -> Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    @Override
    public StoreUrls storeUrls() {
        return new StoreUrls() {
            @Override
            public URI base() {
                return URI.create("https://shop.example");
            }

            @Override
            public URI notifyUrl(String channelId) {
                return URI.create("https://shop.example/api/payments/" + channelId + "/notify");
            }

            @Override
            public URI orderPage(String orderNo, String lookupToken) {
                return URI.create("https://shop.example/orders/" + orderNo + "?token=" + lookupToken);
            }

            @Override
            public URI channelPage(String channelId, String subPath) {
                return URI.create("https://shop.example/pay/" + channelId + "/" + subPath);
            }
        };
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("test." + pluginId);
    }

    @Override
    public JsonCodec json() {
        return new JsonCodec() {
            @Override
            public Map<String, Object> parseObject(byte[] json) {
                try {
                    return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
                } catch (IOException e) {
                    throw new IllegalArgumentException("not JSON", e);
                }
            }

            @Override
            public String write(Object value) {
                try {
                    return MAPPER.writeValueAsString(value);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Override
    public NotificationSubmitter notifications() {
        return (channel, request) -> {
            throw new AssertionError(pluginId + " fed a notification into the store; gateways send their own");
        };
    }

    @Override
    public KeyValueStore store() {
        return new KeyValueStore() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(stored.get(key));
            }

            @Override
            public void put(String key, String value) {
                stored.put(key, value);
            }

            @Override
            public boolean putIfAbsent(String key, String value) {
                return stored.putIfAbsent(key, value) == null;
            }

            @Override
            public void delete(String key) {
                stored.remove(key);
            }
        };
    }

    @Override
    public Metrics metrics() {
        throw new AssertionError(pluginId + " recorded metrics, which this fake does not provide");
    }

    @Override
    public Scheduler scheduler() {
        throw new AssertionError(pluginId + " scheduled work, which this fake does not provide");
    }

    @Override
    public OutboundHttp http() {
        if (http == null) {
            throw new AssertionError(pluginId + " used the host's HTTP client, which this test did not set");
        }
        return http;
    }
}
