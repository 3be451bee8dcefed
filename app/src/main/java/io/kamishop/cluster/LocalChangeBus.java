package io.kamishop.cluster;

import io.kamishop.db.Database;
import java.util.function.Consumer;

/** The change bus of a one-node store (SQLite): subscribers on this JVM hear a change after its commit. */
public final class LocalChangeBus implements ChangeBus {

    private final Database database;
    private final Subscribers subscribers = new Subscribers();

    public LocalChangeBus(Database database) {
        this.database = database;
    }

    @Override
    public void publish(String channel, String payload) {
        ChangeBus.check(channel, payload);
        database.afterCommit(() -> subscribers.deliver(channel, payload));
    }

    @Override
    public void subscribe(String channel, Consumer<String> listener) {
        ChangeBus.check(channel, "");
        subscribers.add(channel, listener);
    }

    @Override
    public void close() {
        // nothing held
    }
}
