package io.kamishop.plugins.stripe;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.NotificationSubmitter;
import io.kamishop.api.PluginContext;
import io.kamishop.api.PluginSettings;
import io.kamishop.api.StoreUrls;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What the host lends a plugin, with settings a test sets directly. */
final class FakeContext implements PluginContext {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).enable(DeserializationFeature.USE_LONG_FOR_INTS);

    final Map<String, String> values = new ConcurrentHashMap<>();
    private final Clock clock;

    FakeContext(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String pluginId() {
        return "payment-stripe";
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
        return System.getLogger("test");
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
            throw new UnsupportedOperationException("Stripe events come from Stripe");
        };
    }

    // The channel uses none of the services below; a call would be a bug the test should show.
    @Override
    public io.kamishop.api.KeyValueStore store() {
        throw new AssertionError("the stripe plugin does not use the key-value store");
    }

    @Override
    public io.kamishop.api.Metrics metrics() {
        throw new AssertionError("the stripe plugin does not record metrics");
    }

    @Override
    public io.kamishop.api.Scheduler scheduler() {
        throw new AssertionError("the stripe plugin does not schedule work");
    }

    @Override
    public io.kamishop.api.OutboundHttp http() {
        throw new AssertionError("the stripe plugin makes its own gateway calls");
    }
}
