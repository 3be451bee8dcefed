package io.kamishop.outbox;

import io.kamishop.db.Database;
import io.kamishop.work.BackgroundWork;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one durable outbox: messages the store owes an outside party (buyer mails, notifier plugins' notices,
 * keys sent to a Telegram chat), one table for all, each topic sent by its {@link OutboxHandler}.
 *
 * <p>A message is enqueued inside the transaction that makes it owed, so if that commits the message is owed
 * even if the process dies the next instant. A sender claims a due row with a lease (compare-and-set on
 * {@code next_attempt_at}), so two nodes never send one row at once, and a node that dies mid-send lets
 * the lease run out and the row go again: delivery is at least once. A failure pushes the next attempt back
 * (30 s doubling, at most an hour apart: the policy plugin-api's {@code Notifier} documents) and after
 * {@link #MAX_ATTEMPTS} the row is dead, listed for the admin, who may retry it.
 *
 * <p>That is every topic's policy unless its {@link OutboxHandler} declares its own: a message that goes
 * stale in minutes (a sign-in code) takes a shorter lease, quicker retries and fewer attempts, and a payload
 * that is a secret is erased by the statement that ends its row. One mechanism, tuned per topic.
 *
 * <p>Each topic runs on its own {@link BackgroundWork} task: the parties have their own timeouts and outages,
 * and a mail server that hangs must not hold a buyer's keys back from their chat.
 */
public final class Outbox {

    /** About two days of attempts at the capped backoff. */
    public static final int MAX_ATTEMPTS = 60;

    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    /** Longer than a send may reasonably take, so another node does not take the row over mid-send. */
    static final Duration LEASE = Duration.ofMinutes(5);

    private static final int BATCH = 50;

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Database database;
    private final Clock clock;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    /** A handler, its sending pass lock (one pass at a time on this node) and its task once started. */
    private static final class Topic {
        final OutboxHandler handler;
        final ReentrantLock sending = new ReentrantLock();
        volatile BackgroundWork.@Nullable Periodic task;

        Topic(OutboxHandler handler) {
            this.handler = handler;
        }
    }

    public Outbox(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Sends {@code handler}'s topic from now on; its rows wait until it is registered. */
    public void register(OutboxHandler handler) {
        if (topics.putIfAbsent(handler.topic(), new Topic(handler)) != null) {
            throw new IllegalStateException("outbox topic " + handler.topic() + " has a handler already");
        }
    }

    /** Polls every topic for due rows (retries, and rows other nodes wrote) every {@code every}. */
    public void start(BackgroundWork work, Duration every) {
        topics.forEach((name, topic) -> topic.task = work.every("outbox-" + name, every, every, () -> sendDue(name)));
    }

    /**
     * Inside the write transaction that makes a message owed (joined, see {@link Database#write}): owes it,
     * once per topic and {@code dedupeKey}. The row is written just before that transaction commits,
     * batched with the others it owes, and the topic's sender is woken once it has committed.
     */
    public void enqueue(String topic, String dedupeKey, @Nullable Long orderId, String payload) {
        enqueue(topic, dedupeKey, orderId, payload, null);
    }

    /** {@link #enqueue}, unless the same transaction also owes the message it {@code supersedes} (see {@link OutboxDao.Owed}). */
    public void enqueue(
            String topic, String dedupeKey, @Nullable Long orderId, String payload, @Nullable String supersedes) {
        OutboxDao.owe(database, new OutboxDao.Owed(topic, dedupeKey, orderId, payload, clock.millis(), supersedes));
        database.afterCommit(() -> wake(topic));
    }

    /**
     * Owes a message again (the buyer lost it): a finished row is put back in the queue rather than a new one
     * added, so asking twice before it goes sends one. False when the message was already waiting to go out.
     */
    public boolean resend(String topic, String dedupeKey, @Nullable Long orderId, String payload) {
        OutboxDao.Owed owed = new OutboxDao.Owed(topic, dedupeKey, orderId, payload, clock.millis(), null);
        boolean queued = OutboxDao.write(database, dao -> dao.requeue(owed) == 1 || dao.enqueue(owed) == 1);
        wake(topic);
        return queued;
    }

    /** Puts a dead message back in the queue for one more attempt; false when there is no such dead message. */
    public boolean retryDead(String topic, long id) {
        boolean queued = OutboxDao.write(database, dao -> dao.retryDead(topic, id, clock.millis())) == 1;
        if (queued) {
            wake(topic);
        }
        return queued;
    }

    /** The latest rows of a topic, newest first, optionally of one status. */
    public List<OutboxMessage> recent(String topic, @Nullable String status, int limit) {
        return OutboxDao.read(database, dao -> dao.recent(topic, status, limit));
    }

    /** Asks the topic's sender for a pass soon; many wakes before it runs make one pass. */
    public void wake(String topic) {
        Topic t = topics.get(topic);
        BackgroundWork.Periodic task = t == null ? null : t.task;
        if (task != null) {
            task.wake();
        }
    }

    /** One sending pass over every due message of a topic. Returns how many were sent. */
    public int sendDue(String name) {
        Topic topic = topics.get(name);
        if (topic == null) {
            return 0;
        }
        topic.sending.lock();
        try {
            if (!topic.handler.ready()) {
                return 0; // rows wait, nothing is lost: they go once the party can be reached
            }
            int sent = 0;
            while (true) {
                List<OutboxMessage> due = OutboxDao.read(database, dao -> dao.due(name, clock.millis(), BATCH));
                int claimed = 0;
                for (OutboxMessage message : due) {
                    long leaseUntil = clock.millis() + topic.handler.lease().toMillis();
                    if (OutboxDao.write(database, dao -> dao.claim(message.id(), message.nextAttemptAt(), leaseUntil))
                            == 1) {
                        claimed++;
                        sent += send(topic.handler, message) ? 1 : 0;
                    }
                }
                if (due.size() < BATCH || claimed == 0) {
                    return sent;
                }
            }
        } finally {
            topic.sending.unlock();
        }
    }

    private boolean send(OutboxHandler handler, OutboxMessage message) {
        int attempt = message.attempts() + 1;
        Exception failure;
        try {
            String note = handler.handle(message);
            OutboxDao.write(
                    database,
                    dao -> dao.sent(
                            message.id(),
                            clock.millis(),
                            note == null ? null : trim(note),
                            handler.erasesPayloadWhenDone()));
            return note == null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (Exception e) {
            failure = e;
        } catch (LinkageError e) {
            // A plugin's handler built against a class that is gone: a failure of this message, not of the pass.
            failure = new IllegalStateException(e.toString(), e);
        }
        long delay = failure instanceof OutboxHandler.RetryAfter later
                ? later.after().toMillis()
                : backoff(handler.firstRetry(), handler.longestRetry(), attempt);
        boolean dead = attempt >= handler.maxAttempts() || failure instanceof OutboxHandler.Permanent;
        String error = trim(failure.getClass().getSimpleName() + ": " + failure.getMessage());
        LOG.warn(
                "{} message {} not sent (attempt {}){}: {}",
                message.topic(),
                message.dedupeKey(),
                attempt,
                dead ? ", given up" : ", next try in " + delay / 1000 + "s",
                error);
        OutboxDao.write(
                database,
                dao -> dao.retryLater(
                        message.id(),
                        dead ? "dead" : "pending",
                        clock.millis() + delay,
                        error,
                        dead && handler.erasesPayloadWhenDone()));
        return false;
    }

    /** The one backoff: how long after failed attempt {@code attempt} (1-based) the next one is. */
    static long backoff(int attempt) {
        return backoff(FIRST_RETRY, LONGEST_RETRY, attempt);
    }

    /** The same doubling, from and up to a topic's own waits ({@link OutboxHandler#firstRetry}, {@link OutboxHandler#longestRetry}). */
    static long backoff(Duration firstRetry, Duration longestRetry, int attempt) {
        return Math.min(longestRetry.toMillis(), firstRetry.toMillis() << Math.min(attempt - 1, 20));
    }

    private static String trim(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}
