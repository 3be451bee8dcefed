package io.kamishop.plugins.notify;

import io.kamishop.api.testing.FakePluginContext;
import io.kamishop.plugins.notify.FakeMessenger.Call;
import io.kamishop.plugins.notify.FakeMessenger.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A messenger notifier under test: started with a {@link FakePluginContext} at a fixed time, its HTTP
 * going to a {@link FakeMessenger} that answers as the service does, its settings pointed at that fake.
 * Register it as a field ({@code @RegisterExtension}) and the fake stops after each test. Shared by the
 * notifier plugins' tests through this module's test jar.
 */
public final class MessengerRig<N extends MessengerNotifier> implements AfterEachCallback, AutoCloseable {

    public final FakePluginContext context;
    public final FakeMessenger service;
    public final N notifier;

    private MessengerRig(FakePluginContext context, FakeMessenger service, N notifier) {
        this.context = context;
        this.service = service;
        this.notifier = notifier;
    }

    /**
     * @param settings the plugin's settings, given the fake (for its URL)
     */
    public static <N extends MessengerNotifier> MessengerRig<N> start(
            N notifier,
            Instant now,
            Function<Call, Reply> answering,
            Function<FakeMessenger, Map<String, String>> settings) {
        FakeMessenger service;
        try {
            service = new FakeMessenger(answering);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FakePluginContext context = new FakePluginContext("notify-" + notifier.id(), Clock.fixed(now, ZoneOffset.UTC));
        context.http = FakeMessenger.directHttp();
        context.values.putAll(settings.apply(service));
        notifier.start(context);
        return new MessengerRig<>(context, service, notifier);
    }

    /** The same notifier class, with the same settings and service, at another time (a clock that is off). */
    public MessengerRig<N> at(Instant now, N another) {
        FakePluginContext moved = new FakePluginContext(context.pluginId(), Clock.fixed(now, ZoneOffset.UTC));
        moved.http = context.http;
        moved.values.putAll(context.values);
        another.start(moved);
        return new MessengerRig<>(moved, service, another);
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        close();
    }

    @Override
    public void close() {
        service.close();
    }
}
