package io.kamishop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.db.Database;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.ScratchDirs;
import io.kamishop.testing.TestPostgres;
import io.kamishop.work.BackgroundWork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The audit chain written off the business transactions (issue 29): entries are appended unchained
 * and linked into the HMAC chain by a short pass; the chain must stay as strong as before.
 */
class AuditChainLinkingTest {

    private static final KeyedHash CHAIN =
            new KeyedHash("audit-chain-test-key-of-32-bytes".getBytes(StandardCharsets.UTF_8));
    private static final int WRITERS = 4;
    private static final int ENTRIES_EACH = 40;

    /** Every writer thread of every node records entries, each in its own transaction, all at once. */
    private static void hammer(List<AuditLog> nodes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS * nodes.size());
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                AuditLog node = nodes.get(n);
                for (int w = 0; w < WRITERS; w++) {
                    String actor = "node" + n + "-writer" + w;
                    Callable<Void> writer = () -> {
                        for (int i = 0; i < ENTRIES_EACH; i++) {
                            node.record(actor, "order.paid", "order " + i, "entry " + i);
                        }
                        return null;
                    };
                    done.add(pool.submit(writer));
                }
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitNothingPending(AuditLog audit) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (audit.verify().pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void concurrentWritersOnSqliteLeaveAnIntactChainWithNothingPending() throws Exception {
        Path dir = ScratchDirs.create("audit-sqlite");
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("kamishop.db"))) {
            AuditLog audit = new AuditLog(db, CHAIN, Clock.systemUTC());
            hammer(List.of(audit));

            AuditLog.Verification result = audit.verify();
            assertThat(result.intact()).as(String.valueOf(result.problem())).isTrue();
            assertThat(result.entries()).isEqualTo(WRITERS * ENTRIES_EACH);
            assertThat(result.pending())
                    .as("SQLite chains entries in the transaction that writes them")
                    .isZero();
        }
    }

    @PostgresTest
    @Test
    void twoPostgresNodesWritingAtOnceLeaveOneIntactChainHoldingEveryEntry() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database first = Database.open(pg.url());
                Database second = Database.open(pg.url());
                BackgroundWork firstNode = new BackgroundWork(Duration.ofSeconds(10));
                BackgroundWork secondNode = new BackgroundWork(Duration.ofSeconds(10));
                AuditLog a = new AuditLog(first, CHAIN, Clock.systemUTC());
                AuditLog b = new AuditLog(second, CHAIN, Clock.systemUTC())) {
            a.startLinking(firstNode, Duration.ofMillis(200));
            b.startLinking(secondNode, Duration.ofMillis(200));
            hammer(List.of(a, b));
            awaitNothingPending(a);

            for (AuditLog node : List.of(a, b)) {
                AuditLog.Verification result = node.verify();
                assertThat(result.intact()).as(String.valueOf(result.problem())).isTrue();
                assertThat(result.entries()).isEqualTo(2L * WRITERS * ENTRIES_EACH);
                assertThat(result.pending()).isZero();
            }
            List<AuditLog.Entry> all = a.recent(10_000, Long.MAX_VALUE);
            for (int n = 0; n < 2; n++) {
                for (int w = 0; w < WRITERS; w++) {
                    String actor = "node" + n + "-writer" + w;
                    assertThat(all.stream().filter(e -> e.actor().equals(actor)).map(AuditLog.Entry::detail))
                            .as("each writer's entries, once each, in the order it wrote them")
                            .containsExactlyElementsOf(java.util.stream.IntStream.range(0, ENTRIES_EACH)
                                    .mapToObj(i -> "entry " + (ENTRIES_EACH - 1 - i))
                                    .toList());
                }
            }
        }
    }

    @PostgresTest
    @Test
    void aChangedLinkedEntryOnPostgresIsDetected() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database db = Database.open(pg.url());
                AuditLog audit = new AuditLog(db, CHAIN, Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                audit.record("admin", "product.updated", "product " + i, "price " + i);
            }
            assertThat(audit.verify().intact()).isTrue();

            try (var c = pg.connect();
                    var s = c.createStatement()) {
                s.execute("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3");
            }
            AuditLog.Verification result = audit.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).contains("entry 3 was changed");
        }
    }

    @PostgresTest
    @Test
    void entriesCommittedBeforeACrashArePendingNotBrokenAndTheRestartedNodeLinksThem() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema()) {
            try (Database db = Database.open(pg.url());
                    AuditLog audit = new AuditLog(db, CHAIN, Clock.systemUTC())) {
                audit.record("admin", "settings.changed", "mail", "before the crash, linked");
                // The node commits three entries and dies before any linking pass runs: what is left in
                // the database is exactly what a business transaction writes.
                db.write(tx -> {
                    tx.dao(AuditDao.class)
                            .addPending(List.of(
                                    new AuditDao.Pending(
                                            0, 1, "system", "order.paid", "order 1", "committed, not linked"),
                                    new AuditDao.Pending(
                                            0, 2, "system", "order.delivered", "order 1", "committed, not linked"),
                                    new AuditDao.Pending(
                                            0, 3, "system", "order.paid", "order 2", "committed, not linked")));
                    return null;
                });
                AuditLog.Verification meanwhile = audit.verify();
                assertThat(meanwhile.intact())
                        .as("unlinked entries are pending, not tampering")
                        .isTrue();
                assertThat(meanwhile.entries()).isEqualTo(1);
                assertThat(meanwhile.pending()).isEqualTo(3);
            }
            try (Database db = Database.open(pg.url());
                    BackgroundWork work = new BackgroundWork(Duration.ofSeconds(10));
                    AuditLog restarted = new AuditLog(db, CHAIN, Clock.systemUTC())) {
                restarted.startLinking(work, Duration.ofMillis(100));
                awaitNothingPending(restarted);

                AuditLog.Verification after = restarted.verify();
                assertThat(after.intact()).as(String.valueOf(after.problem())).isTrue();
                assertThat(after.entries()).isEqualTo(4);
                assertThat(after.pending()).isZero();
                assertThat(restarted.recent(10, Long.MAX_VALUE).stream().map(AuditLog.Entry::action))
                        .containsExactly("order.paid", "order.delivered", "order.paid", "settings.changed");
            }
        }
    }

    @PostgresTest
    @Test
    void removingTheNewestLinkedEntryOnPostgresIsDetectedEvenWithEntriesPending() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database db = Database.open(pg.url());
                AuditLog audit = new AuditLog(db, CHAIN, Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                audit.record("admin", "token.created", "token " + i, "");
            }
            db.write(tx -> {
                tx.dao(AuditDao.class)
                        .addPending(List.of(new AuditDao.Pending(0, 9, "system", "order.paid", "order 9", "")));
                return null;
            });
            try (var c = pg.connect();
                    var s = c.createStatement()) {
                s.execute("DELETE FROM audit_log WHERE seq = 3");
            }
            AuditLog.Verification result = audit.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.pending()).isEqualTo(1);
        }
    }
}
