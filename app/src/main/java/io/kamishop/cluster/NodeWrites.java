package io.kamishop.cluster;

import io.kamishop.db.Database;
import io.kamishop.work.BackgroundWork;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Another node committed writes": the signal that keeps what a node caches from the database (its
 * public pages above all, with the stock they show) as current as what it caches of its own writes.
 *
 * <p>A node counts its own commits ({@link Database#commits()}); it cannot count another node's. So
 * each node announces on the change bus that it committed, and {@link #heard()} counts the
 * announcements of the others (and changes of settings, plugins' included, which pages also show). A cache
 * stamped with {@code commits() + heard()} is then dropped by a sale on any node, within the bus's
 * delay (milliseconds), instead of living out a time-to-live.
 *
 * <p>Announcing every commit would add a NOTIFY round trip to every delivery. The announcements are
 * coalesced instead: one sender thread, at most one message in flight, and a commit that happens
 * while one is being sent owes one more. Each commit is therefore followed by an announcement sent
 * after it, and under load the bus carries about one message per round trip, whatever the sales rate.
 */
public final class NodeWrites implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeWrites.class);
    /** The bus channel; the payload is the announcing node's token. */
    static final String CHANNEL = "kamishop_writes";

    private final AtomicLong heard = new AtomicLong();
    private final AtomicBoolean owed = new AtomicBoolean();
    private final Object wake = new Object();
    private final String token = Long.toHexString(new SecureRandom().nextLong());
    private final ChangeBus bus;
    private final BackgroundWork.Task sender;
    private volatile @Nullable Thread sending; // the sender's thread; null until it has started
    private volatile boolean running = true;

    private NodeWrites(Database database, ChangeBus bus, BackgroundWork work) {
        this.bus = bus;
        bus.subscribe(CHANNEL, from -> {
            if (!token.equals(from)) {
                heard.incrementAndGet();
            }
        });
        bus.subscribe(ChangeBus.SETTINGS, changed -> heard.incrementAndGet());
        database.observeCommits(this::committed);
        this.sender = work.loop("node-writes", this::sendOwed, this::stopSending);
    }

    /** Announces this node's commits to the other nodes of {@code database}'s store. */
    static NodeWrites announcing(Database database, ChangeBus bus, BackgroundWork work) {
        return new NodeWrites(database, bus, work);
    }

    /** How many changes this node has heard of from other nodes; only ever grows. */
    public long heard() {
        return heard.get();
    }

    /** Runs after each commit on this node, on the committing thread: cheap unless the sender sleeps. */
    private void committed() {
        if (Thread.currentThread() == sending) {
            return; // the announcement's own transaction: announcing it would never end
        }
        if (!owed.getAndSet(true)) {
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    private void sendOwed() {
        sending = Thread.currentThread();
        while (running) {
            try {
                synchronized (wake) {
                    while (running && !owed.get()) {
                        wake.wait();
                    }
                }
                // Cleared before sending: a commit from now on owes the next message.
                if (owed.getAndSet(false) && running) {
                    bus.publish(CHANNEL, token);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is away; the bus tells everyone EVERYTHING when it is back. Try again shortly.
                LOG.debug("could not announce this node's writes: {}", e.toString());
                owed.set(true);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void stopSending() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    @Override
    public void close() {
        sender.stop(java.time.Duration.ofSeconds(2));
    }
}
