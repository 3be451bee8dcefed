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
 * Services a channel does not need (key-value store, metrics, scheduler, outbound HTTP, the notify
 * path) fail the test when called, so a plugin that starts using one is noticed.
 *
 * <p>Plugin modules get it from plugin-api's test jar ({@code <type>test-jar</type>}, test scope).
 */
public final class FakePluginContext implements PluginContext {

    /** Parses numbers the way the host does: whole numbers as {@code Long}, decimals as {@code BigDecimal}. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).enable(DeserializationFeature.USE_LONG_FOR_INTS);

    /** The plugin's settings, as the merchant would have saved them. */
    public final Map<String, String> values = new ConcurrentHashMap<>();
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
                    return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
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
        throw new AssertionError(pluginId + " used the key-value store, which this fake does not provide");
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
        throw new AssertionError(pluginId + " used the host's HTTP client, which this fake does not provide");
    }
}
