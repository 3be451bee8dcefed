package io.kamishop.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Database;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.ScratchDirs;
import io.kamishop.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** The topics the store sends today on the one default policy (sign-in codes tune theirs: see {@link Perishable}). */
    private static final List<String> TOPICS = List.of("mail", "notices", "telegram-keys");

    private static Database sqlite(String name) {
        return Database.open("jdbc:sqlite:" + ScratchDirs.create(name).resolve("kamishop.db"));
    }

    /** A handler that fails every time, counting its attempts. */
    private record Failing(String topic, AtomicInteger calls) implements OutboxHandler {
        @Override
        public String handle(OutboxMessage message) throws Exception {
            calls.incrementAndGet();
            throw new java.io.IOException("the party is down");
        }
    }

    private static void owe(Database db, Outbox outbox, String topic, String key) {
        db.write(h -> {
            outbox.enqueue(topic, key, null, "{\"n\":\"" + key + "\"}");
            return null;
        });
    }

    /** Registers a handler for {@code topic} that sends every message at once; returns how many it sent. */
    private static AtomicInteger countingSends(Outbox outbox, String topic) {
        AtomicInteger sent = new AtomicInteger();
        sendsWith(outbox, topic, message -> sent.incrementAndGet());
        return sent;
    }

    /** Registers a handler for {@code topic} that sends every message at once, telling {@code onSend} of each. */
    private static void sendsWith(Outbox outbox, String topic, Consumer<OutboxMessage> onSend) {
        outbox.register(new OutboxHandler() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public String handle(OutboxMessage message) {
                onSend.accept(message);
                return null;
            }
        });
    }

    private static OutboxMessage only(Outbox outbox, String topic) {
        List<OutboxMessage> rows = outbox.recent(topic, null, 10);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aTopicMayStartTheOneBackoffSoonerAndItStillDoublesToTheSameCap() {
        assertThat(Outbox.backoff(3)).isEqualTo(120_000L);
        assertThat(Outbox.backoff(Duration.ofSeconds(2), Outbox.LONGEST_RETRY, 1))
                .isEqualTo(2_000L);
        assertThat(Outbox.backoff(Duration.ofSeconds(2), Outbox.LONGEST_RETRY, 4))
                .isEqualTo(16_000L);
        assertThat(Outbox.backoff(Duration.ofSeconds(2), Outbox.LONGEST_RETRY, 40))
                .isEqualTo(3_600_000L);
    }

    @Test
    void everyTopicRetriesThirtySecondsDoublingToAnHourAndIsDeadAfterSixtyAttempts() {
        try (Database db = sqlite("outbox-policy")) {
            MutableClock clock = MutableClock.now();
            Outbox outbox = new Outbox(db, clock);
            Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
            for (String topic : TOPICS) {
                calls.put(topic, new AtomicInteger());
                outbox.register(new Failing(topic, calls.get(topic)));
                owe(db, outbox, topic, "k1");
            }
            for (String topic : TOPICS) {
                List<Long> waits = new ArrayList<>();
                OutboxMessage row = only(outbox, topic);
                while (row.status().equals("pending")) {
                    clock.advance(Duration.ofMillis(Math.max(0, row.nextAttemptAt() - clock.millis())));
                    assertThat(outbox.sendDue(topic)).isZero();
                    row = only(outbox, topic);
                    waits.add(row.nextAttemptAt() - clock.millis());
                }
                List<Long> expected = new ArrayList<>();
                for (int attempt = 1; attempt < Outbox.MAX_ATTEMPTS; attempt++) {
                    expected.add(Math.min(3_600_000L, 30_000L << Math.min(attempt - 1, 20)));
                }
                assertThat(waits.subList(0, waits.size() - 1)).as(topic).isEqualTo(expected);
                assertThat(row.status())
                        .as(topic + ": the one terminal failure state")
                        .isEqualTo("dead");
                assertThat(row.attempts()).isEqualTo(Outbox.MAX_ATTEMPTS);
                assertThat(row.lastError()).contains("the party is down");
                assertThat(calls.get(topic)).hasValue(Outbox.MAX_ATTEMPTS);

                clock.advance(Duration.ofDays(7));
                outbox.sendDue(topic);
                assertThat(calls.get(topic))
                        .as("a dead message is not tried again")
                        .hasValue(Outbox.MAX_ATTEMPTS);
                assertThat(outbox.retryDead(topic, row.id()))
                        .as("until the admin retries it")
                        .isTrue();
                outbox.sendDue(topic);
                assertThat(calls.get(topic)).hasValue(Outbox.MAX_ATTEMPTS + 1);
            }
            assertThat(Outbox.MAX_ATTEMPTS).isEqualTo(io.kamishop.api.Notifier.MAX_ATTEMPTS);
        }
    }

    @Test
    void aPermanentFailureIsDeadAtOnceAndARetryAfterIsHonoured() {
        try (Database db = sqlite("outbox-permanent")) {
            MutableClock clock = MutableClock.now();
            Outbox outbox = new Outbox(db, clock);
            outbox.register(new OutboxHandler() {
                @Override
                public String topic() {
                    return "refused";
                }

                @Override
                public String handle(OutboxMessage message) throws Exception {
                    throw new Permanent("chat not found");
                }
            });
            outbox.register(new OutboxHandler() {
                @Override
                public String topic() {
                    return "throttled";
                }

                @Override
                public String handle(OutboxMessage message) throws Exception {
                    throw new RetryAfter(Duration.ofSeconds(7), "Too Many Requests");
                }
            });
            owe(db, outbox, "refused", "k");
            owe(db, outbox, "throttled", "k");
            outbox.sendDue("refused");
            outbox.sendDue("throttled");
            assertThat(only(outbox, "refused").status()).isEqualTo("dead");
            assertThat(only(outbox, "refused").attempts()).isEqualTo(1);
            assertThat(only(outbox, "throttled").status()).isEqualTo("pending");
            assertThat(only(outbox, "throttled").nextAttemptAt() - clock.millis())
                    .isEqualTo(7_000);
        }
    }

    @Test
    void aMessageIsOwedOncePerKeyAndAResendPutsTheSameRowBack() {
        try (Database db = sqlite("outbox-once")) {
            MutableClock clock = MutableClock.now();
            Outbox outbox = new Outbox(db, clock);
            AtomicInteger sent = countingSends(outbox, "mail");
            owe(db, outbox, "mail", "42:keys_delivered");
            owe(db, outbox, "mail", "42:keys_delivered");
            assertThat(outbox.recent("mail", null, 10)).hasSize(1);
            assertThat(outbox.sendDue("mail")).isEqualTo(1);
            assertThat(only(outbox, "mail").status()).isEqualTo("sent");

            assertThat(outbox.resend("mail", "42:keys_delivered", null, "{}")).isTrue();
            assertThat(outbox.resend("mail", "42:keys_delivered", null, "{}"))
                    .as("asked twice before it went: one message")
                    .isFalse();
            assertThat(outbox.recent("mail", null, 10)).hasSize(1);
            assertThat(outbox.sendDue("mail")).isEqualTo(1);
            assertThat(sent).hasValue(2);
        }
    }

    @Test
    void aSendThatDiedMidwayGoesAgainOnceItsLeaseRunsOut() {
        try (Database db = sqlite("outbox-lease")) {
            MutableClock clock = MutableClock.now();
            Outbox outbox = new Outbox(db, clock);
            AtomicInteger sent = countingSends(outbox, "notices");
            owe(db, outbox, "notices", "n1");
            OutboxMessage row = only(outbox, "notices");
            // Another node claimed it and died before it could say how the send went.
            int claimed = db.write(h -> h.dao(OutboxDao.class)
                    .claim(row.id(), row.nextAttemptAt(), clock.millis() + Outbox.LEASE.toMillis()));
            assertThat(claimed).isEqualTo(1);
            assertThat(outbox.sendDue("notices")).isZero();
            clock.advance(Outbox.LEASE.minusSeconds(1));
            assertThat(outbox.sendDue("notices"))
                    .as("leased: not sent by a second node")
                    .isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(outbox.sendDue("notices")).isEqualTo(1);
            assertThat(only(outbox, "notices").attempts()).isEqualTo(2);
            assertThat(sent).hasValue(1);
        }
    }

    /**
     * A topic whose messages go stale in minutes, as sign-in codes do: a 2 min lease, a flat 15 s retry, five
     * attempts, and its payload erased once done. What each send does is named by the message's key.
     */
    private static final class Perishable implements OutboxHandler {
        final MutableClock clock;
        final Outbox outbox;
        final AtomicInteger calls = new AtomicInteger();
        /** How far ahead of now the row's next attempt stood while it was being sent: its lease. */
        final List<Long> leases = new ArrayList<>();

        Perishable(MutableClock clock, Outbox outbox) {
            this.clock = clock;
            this.outbox = outbox;
        }

        @Override
        public String topic() {
            return "perishable";
        }

        @Override
        public Duration firstRetry() {
            return Duration.ofSeconds(15);
        }

        @Override
        public Duration longestRetry() {
            return Duration.ofSeconds(15);
        }

        @Override
        public int maxAttempts() {
            return 5;
        }

        @Override
        public Duration lease() {
            return Duration.ofMinutes(2);
        }

        @Override
        public boolean erasesPayloadWhenDone() {
            return true;
        }

        @Override
        public String handle(OutboxMessage message) throws Exception {
            calls.incrementAndGet();
            OutboxMessage row = outbox.recent(topic(), null, 100).stream()
                    .filter(m -> m.id() == message.id())
                    .findFirst()
                    .orElseThrow();
            leases.add(row.nextAttemptAt() - clock.millis());
            return switch (message.dedupeKey()) {
                case "goes" -> null;
                case "stale" -> "expired";
                case "refused" -> throw new Permanent("no such mailbox");
                default -> throw new java.io.IOException("the party is down");
            };
        }
    }

    private static OutboxMessage row(Outbox outbox, String topic, String key) {
        return outbox.recent(topic, null, 100).stream()
                .filter(m -> m.dedupeKey().equals(key))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aTopicMayLeaseShorterRetryFlatAndGiveUpSoonerWhileOtherTopicsKeepTheOnePolicy() {
        try (Database db = sqlite("outbox-perishable-policy")) {
            MutableClock clock = MutableClock.now();
            Outbox outbox = new Outbox(db, clock);
            Perishable perishable = new Perishable(clock, outbox);
            outbox.register(perishable);
            AtomicInteger mailCalls = new AtomicInteger();
            outbox.register(new Failing("mail", mailCalls));
            owe(db, outbox, "perishable", "down");
            owe(db, outbox, "mail", "down");

            List<Long> waits = new ArrayList<>();
            OutboxMessage row = only(outbox, "perishable");
            while (row.status().equals("pending")) {
                clock.advance(Duration.ofMillis(Math.max(0, row.nextAttemptAt() - clock.millis())));
                outbox.sendDue("perishable");
                row = only(outbox, "perishable");
                waits.add(row.nextAttemptAt() - clock.millis());
            }
            assertThat(row.status()).isEqualTo("dead");
            assertThat(row.attempts())
                    .as("given up after its own five attempts")
                    .isEqualTo(5);
            assertThat(perishable.calls).hasValue(5);
            assertThat(waits.subList(0, 4)).as("15 s apart, not doubling").containsOnly(15_000L);
            assertThat(perishable.leases)
                    .as("each send held the row for the topic's 2 min lease")
                    .hasSize(5)
                    .containsOnly(120_000L);

            outbox.sendDue("mail");
            OutboxMessage mail = only(outbox, "mail");
            assertThat(mail.status())
                    .as("the default topic is not given up early")
                    .isEqualTo("pending");
            assertThat(mail.nextAttemptAt() - clock.millis())
                    .as("and keeps the one backoff")
                    .isEqualTo(30_000L);
        }
    }

    @Test
    void aSecretPayloadIsErasedWhenItsMessageIsSentEndedOrGivenUpOnSqlite() {
        try (Database db = sqlite("outbox-erase")) {
            aSecretPayloadIsErasedWhenItsMessageIsSentEndedOrGivenUp(db);
        }
    }

    @PostgresTest
    @Test
    void aSecretPayloadIsErasedWhenItsMessageIsSentEndedOrGivenUpOnPostgresql() {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database db = Database.open(pg.url())) {
            aSecretPayloadIsErasedWhenItsMessageIsSentEndedOrGivenUp(db);
        }
    }

    private static void aSecretPayloadIsErasedWhenItsMessageIsSentEndedOrGivenUp(Database db) {
        MutableClock clock = MutableClock.now();
        Outbox outbox = new Outbox(db, clock);
        outbox.register(new Perishable(clock, outbox));
        countingSends(outbox, "mail");
        for (String key : List.of("goes", "stale", "refused", "down")) {
            owe(db, outbox, "perishable", key);
        }
        owe(db, outbox, "mail", "goes");

        assertThat(outbox.sendDue("perishable")).isEqualTo(1);
        outbox.sendDue("mail");

        assertThat(row(outbox, "perishable", "goes").status()).isEqualTo("sent");
        assertThat(row(outbox, "perishable", "stale").lastError()).isEqualTo("expired");
        assertThat(row(outbox, "perishable", "refused").status()).isEqualTo("dead");
        for (String ended : List.of("goes", "stale", "refused")) {
            assertThat(row(outbox, "perishable", ended).payload())
                    .as(ended + ": no copy outlives the message")
                    .isEqualTo("{}");
        }
        OutboxMessage waiting = row(outbox, "perishable", "down");
        assertThat(waiting.status()).isEqualTo("pending");
        assertThat(waiting.payload()).as("still owed: kept for the next try").isEqualTo("{\"n\":\"down\"}");
        assertThat(row(outbox, "mail", "goes").payload())
                .as("a topic that does not erase keeps its sent payload (the admin's mail list shows it)")
                .isEqualTo("{\"n\":\"goes\"}");

        for (int attempt = 2; attempt <= 5; attempt++) {
            clock.advance(Duration.ofSeconds(15));
            outbox.sendDue("perishable");
        }
        OutboxMessage givenUp = row(outbox, "perishable", "down");
        assertThat(givenUp.status()).isEqualTo("dead");
        assertThat(givenUp.payload()).as("given up after its attempts: erased").isEqualTo("{}");
    }

    @Test
    void twoPostgresNodesSendingAtOnceSendEveryMessageExactlyOnce() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database first = Database.open(pg.url());
                Database second = Database.open(pg.url())) {
            MutableClock clock = MutableClock.now();
            Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
            List<Outbox> nodes = new ArrayList<>();
            for (Database db : List.of(first, second)) {
                Outbox node = new Outbox(db, clock);
                for (String topic : TOPICS) {
                    sendsWith(
                            node,
                            topic,
                            message -> sends.computeIfAbsent(
                                            topic + "/" + message.dedupeKey(), k -> new AtomicInteger())
                                    .incrementAndGet());
                }
                nodes.add(node);
            }
            for (String topic : TOPICS) {
                for (int i = 0; i < 60; i++) {
                    owe(first, nodes.get(0), topic, "m" + i);
                }
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (Outbox node : nodes) {
                for (String topic : TOPICS) {
                    Thread t = new Thread(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        node.sendDue(topic);
                    });
                    t.start();
                    threads.add(t);
                }
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertThat(sends).hasSize(TOPICS.size() * 60);
            assertThat(sends.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        }
    }
}
