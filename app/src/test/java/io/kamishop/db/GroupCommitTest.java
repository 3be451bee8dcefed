package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

    @TempDir
    Path dir;

    private Database database;
    private ExecutorService pool;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("group.db"));
        database.write(tx -> Handles.of(tx).execute("CREATE TABLE facts (v INTEGER NOT NULL UNIQUE)"));
        pool = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        database.close();
    }

    @Test
    void unitsThatArriveTogetherCommitInOneTransactionAndEachCallerSeesItsCommit() throws Exception {
        CountDownLatch release = holdTheCommitter();
        List<Future<Boolean>> callers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            int v = i;
            callers.add(pool.submit(() -> {
                database.writeGrouped(tx -> Handles.of(tx).execute("INSERT INTO facts (v) VALUES (?)", v));
                // Returned means committed: a separate connection already sees the row.
                return database.read(tx -> Handles.of(tx)
                                .createQuery("SELECT COUNT(*) FROM facts WHERE v = ?")
                                .bind(0, v)
                                .mapTo(Integer.class)
                                .one())
                        == 1;
            }));
        }
        awaitQueued(10);
        release.countDown();

        for (Future<Boolean> caller : callers) {
            assertThat(caller.get(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(database.groupCommit().batchesCommitted()).isGreaterThanOrEqualTo(1);
        assertThat(values()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void aFailingUnitFailsAloneAndLeavesNothingBehindWhileTheRestOfItsBatchCommits() throws Exception {
        CountDownLatch release = holdTheCommitter();
        List<Future<Integer>> good = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int v = i;
            good.add(pool.submit(
                    () -> database.writeGrouped(tx -> Handles.of(tx).execute("INSERT INTO facts (v) VALUES (?)", v))));
        }
        Future<Integer> bad = pool.submit(() -> database.writeGrouped(tx -> {
            Handles.of(tx).execute("INSERT INTO facts (v) VALUES (100)");
            throw new IllegalArgumentException("this unit is refused");
        }));
        for (int i = 6; i <= 10; i++) {
            int v = i;
            good.add(pool.submit(
                    () -> database.writeGrouped(tx -> Handles.of(tx).execute("INSERT INTO facts (v) VALUES (?)", v))));
        }
        awaitQueued(11);
        release.countDown();

        for (Future<Integer> caller : good) {
            assertThat(caller.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("this unit is refused");
        assertThat(values()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void aRefusedUnitIsRolledBackToItsSavepointSoTheOthersRunOnceInOneCommitWithoutItsAfterCommitActions()
            throws Exception {
        CountDownLatch release = holdTheCommitter();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger afterCommitActions = new AtomicInteger();
        List<Future<Integer>> good = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int v = i;
            good.add(pool.submit(() -> database.writeGrouped(tx -> {
                runs.incrementAndGet();
                database.afterCommit(afterCommitActions::incrementAndGet);
                return Handles.of(tx).execute("INSERT INTO facts (v) VALUES (?)", v);
            })));
            if (i == 2) {
                awaitQueued(2);
                good.add(null); // the refused unit sits between units 2 and 3 in the batch
                pool.submit(() -> database.writeGrouped(tx -> {
                    runs.incrementAndGet();
                    Handles.of(tx).execute("INSERT INTO facts (v) VALUES (100)");
                    database.afterCommit(() -> afterCommitActions.addAndGet(1000));
                    throw new IllegalArgumentException("refused");
                }));
                awaitQueued(3);
            }
        }
        awaitQueued(5);
        long batchesBefore = database.groupCommit().batchesCommitted();
        release.countDown();

        for (Future<Integer> caller : good) {
            if (caller != null) {
                assertThat(caller.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
        }
        assertThat(values()).containsExactly(0, 1, 2, 3, 4);
        assertThat(runs.get())
                .as("each unit ran once: the refusal did not send the batch back unit by unit")
                .isEqualTo(5);
        assertThat(afterCommitActions.get())
                .as("only the committed units' after-commit actions ran")
                .isEqualTo(4);
        assertThat(database.groupCommit().batchesCommitted() - batchesBefore).isEqualTo(1);
    }

    @Test
    void rowsDeferredByTheUnitsOfABatchAreWrittenOnceBeforeItsCommitAndARefusedUnitsRowsAreDropped() throws Exception {
        database.write(tx -> Handles.of(tx).execute("CREATE TABLE notes (v INTEGER NOT NULL)"));
        List<List<Integer>> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
        DeferredRows<Integer> notes = (tx, rows) -> {
            writes.add(List.copyOf(rows));
            rows.forEach(v -> Handles.of(tx).execute("INSERT INTO notes (v) VALUES (?)", v));
        };
        CountDownLatch release = holdTheCommitter();
        List<Future<Integer>> good = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int v = i;
            good.add(pool.submit(() -> database.writeGrouped(tx -> {
                database.defer(tx, notes, v * 10);
                database.defer(tx, notes, v * 10 + 1);
                return Handles.of(tx).execute("INSERT INTO facts (v) VALUES (?)", v);
            })));
            awaitQueued(i < 3 ? i : i + 1); // one at a time, so the batch runs them in this order
            if (i == 2) {
                pool.submit(() -> database.writeGrouped(tx -> {
                    database.defer(tx, notes, 999);
                    throw new IllegalArgumentException("refused");
                }));
                awaitQueued(3);
            }
        }
        release.countDown();
        for (Future<Integer> caller : good) {
            assertThat(caller.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }

        assertThat(writes)
                .as("one write for the whole batch, in the order the units deferred, without the refused unit's row")
                .containsExactly(List.of(10, 11, 20, 21, 30, 31, 40, 41));
        List<Integer> stored = database.read(tx -> Handles.of(tx)
                .createQuery("SELECT v FROM notes ORDER BY v")
                .mapTo(Integer.class)
                .list());
        assertThat(stored).containsExactly(10, 11, 20, 21, 30, 31, 40, 41);
    }

    @Test
    void aDeferredRowRollsBackWithItsTransactionAndAFailingWriteOfDeferredRowsRollsBackTheWholeTransaction() {
        database.write(tx -> Handles.of(tx).execute("CREATE TABLE notes (v INTEGER NOT NULL UNIQUE)"));
        DeferredRows<Integer> notes =
                (tx, rows) -> rows.forEach(v -> Handles.of(tx).execute("INSERT INTO notes (v) VALUES (?)", v));

        assertThatThrownBy(() -> database.write(tx -> {
                    database.defer(tx, notes, 1);
                    throw new IllegalStateException("the transaction fails after deferring");
                }))
                .hasMessage("the transaction fails after deferring");
        assertThatThrownBy(() -> database.write(tx -> {
                    Handles.of(tx).execute("INSERT INTO facts (v) VALUES (5)");
                    database.defer(tx, notes, 2);
                    database.defer(tx, notes, 2); // the second breaks the unique rule when the rows are written
                    return null;
                }))
                .isInstanceOf(RuntimeException.class);

        int notesStored = database.read(tx -> Handles.of(tx)
                .createQuery("SELECT COUNT(*) FROM notes")
                .mapTo(Integer.class)
                .one());
        assertThat(notesStored).isZero();
        assertThat(values())
                .as("the fact written before the deferred rows failed is gone too")
                .isEmpty();
    }

    @Test
    void twoUnitsClaimingTheSameRowInOneBatchCommitOnce() throws Exception {
        CountDownLatch release = holdTheCommitter();
        List<Future<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racers.add(pool.submit(
                    () -> database.writeGrouped(tx -> Handles.of(tx).execute("INSERT INTO facts (v) VALUES (7)"))));
        }
        awaitQueued(4);
        release.countDown();

        int committed = 0;
        int refused = 0;
        for (Future<Integer> racer : racers) {
            try {
                committed += racer.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                refused++;
            }
        }
        assertThat(committed).isEqualTo(1);
        assertThat(refused).isEqualTo(3);
        assertThat(values()).containsExactly(0, 7);
    }

    @Test
    void aGroupedWriteInsideAWriteJoinsItAndRollsBackWithIt() {
        assertThatThrownBy(() -> database.write(tx -> {
                    Handles.of(tx).execute("INSERT INTO facts (v) VALUES (1)");
                    database.writeGrouped(inner -> Handles.of(inner).execute("INSERT INTO facts (v) VALUES (2)"));
                    throw new IllegalStateException("the outer transaction fails");
                }))
                .hasMessage("the outer transaction fails");

        assertThat(values()).isEmpty();
    }

    @Test
    void theWriteConnectionKeepsTheSavepointJournalsOfGroupedUnitsInMemory() {
        int tempStore = database.write(tx -> Handles.of(tx)
                .createQuery("PRAGMA temp_store")
                .mapTo(Integer.class)
                .one());
        assertThat(tempStore)
                .as("2 = MEMORY: no temporary file written per page a unit changes")
                .isEqualTo(2);
    }

    /** Occupies the committer with a unit that waits, so the next units queue up and form one batch. */
    private CountDownLatch holdTheCommitter() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        pool.submit(() -> database.writeGrouped(tx -> {
            running.countDown();
            await(release);
            return Handles.of(tx).execute("INSERT INTO facts (v) VALUES (0)");
        }));
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private void awaitQueued(int n) throws InterruptedException {
        for (int i = 0; i < 3000 && database.groupCommit().queued() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(database.groupCommit().queued()).isEqualTo(n);
    }

    private List<Integer> values() {
        return database.read(tx -> Handles.of(tx)
                .createQuery("SELECT v FROM facts ORDER BY v")
                .mapTo(Integer.class)
                .list());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
