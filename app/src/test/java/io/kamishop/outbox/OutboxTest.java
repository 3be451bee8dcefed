package io.kamishop.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Database;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.ScratchDirs;
import io.kamishop.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** The topics the store sends today; each must follow the one policy. */
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
        outbox.register(new OutboxHandler() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public String handle(OutboxMessage message) {
                sent.incrementAndGet();
                return null;
            }
        });
        return sent;
    }

    private static OutboxMessage only(Outbox outbox, String topic) {
        List<OutboxMessage> rows = outbox.recent(topic, null, 10);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aTopicMayStartTheOneBackoffSoonerAndItStillDoublesToTheSameCap() {
        assertThat(Outbox.backoff(3)).isEqualTo(120_000L);
        assertThat(Outbox.backoff(Duration.ofSeconds(2), 1)).isEqualTo(2_000L);
        assertThat(Outbox.backoff(Duration.ofSeconds(2), 4)).isEqualTo(16_000L);
        assertThat(Outbox.backoff(Duration.ofSeconds(2), 40)).isEqualTo(3_600_000L);
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
                    node.register(new OutboxHandler() {
                        @Override
                        public String topic() {
                            return topic;
                        }

                        @Override
                        public String handle(OutboxMessage message) {
                            sends.computeIfAbsent(topic + "/" + message.dedupeKey(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            return null;
                        }
                    });
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
