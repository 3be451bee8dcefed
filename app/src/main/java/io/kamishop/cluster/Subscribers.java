package io.kamishop.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of each channel, shared by both buses; a failing listener never stops the others. */
final class Subscribers {

    private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);
    private final Map<String, List<Consumer<String>>> byChannel = new ConcurrentHashMap<>();

    void add(String channel, Consumer<String> listener) {
        byChannel.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    }

    Set<String> channels() {
        return byChannel.keySet();
    }

    void deliver(String channel, String payload) {
        for (Consumer<String> listener : byChannel.getOrDefault(channel, List.of())) {
            try {
                listener.accept(payload);
            } catch (RuntimeException e) {
                LOG.warn("a {} listener failed on '{}': {}", channel, payload, e.toString());
            }
        }
    }

    void deliverEverywhere(String payload) {
        byChannel.keySet().forEach(channel -> deliver(channel, payload));
    }
}
