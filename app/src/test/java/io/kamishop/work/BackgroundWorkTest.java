package io.kamishop.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class BackgroundWorkTest {

    private static final Duration SOON = Duration.ofMillis(10);

    @Test
    void aFailingPeriodicTaskKeepsRunningAndIsCounted() {
        AtomicInteger calls = new AtomicInteger();
        try (BackgroundWork work = new BackgroundWork(Duration.ofSeconds(5))) {
            BackgroundWork.Periodic task = work.every("flaky", SOON, SOON, () -> {
                if (calls.incrementAndGet() % 2 == 1) {
                    throw new IllegalStateException("every other run fails");
                }
            });

            await(() -> task.runs() >= 6);

            assertThat(task.failures()).isBetween(3L, task.runs());
            assertThat(task.runs() - task.failures())
                    .as("the runs after a failure succeed")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aPeriodicTaskWhosePassThrowsAnErrorKeepsItsScheduleAndIsCounted() {
        AtomicInteger calls = new AtomicInteger();
        try (BackgroundWork work = new BackgroundWork(Duration.ofSeconds(5))) {
            BackgroundWork.Periodic task = work.every("erring", SOON, SOON, () -> {
                if (calls.incrementAndGet() == 1) {
                    throw new AssertionError("a plugin's broken assumption");
                }
            });

            await(() -> task.runs() >= 3);

            assertThat(task.failures()).isEqualTo(1);
        }
    }

    @Test
    void tasksRunOnNamedDaemonThreads() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        List<Thread> seen = new CopyOnWriteArrayList<>();
        try (BackgroundWork work = new BackgroundWork(Duration.ofSeconds(5))) {
            work.every("named", Duration.ZERO, Duration.ofHours(1), () -> {
                seen.add(Thread.currentThread());
                ran.countDown();
            });
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen.get(0).getName()).isEqualTo("kamishop-named");
        assertThat(seen.get(0).isDaemon()).isTrue();
    }

    @Test
    void closeStopsTheTasksInReverseOrderOfTheirStart() {
        List<String> stopped = new CopyOnWriteArrayList<>();
        BackgroundWork work = new BackgroundWork(Duration.ofSeconds(5));
        for (String name : List.of("bus", "sweeps", "mail")) {
            Object wake = new Object();
            work.loop(
                    name,
                    () -> {
                        synchronized (wake) {
                            try {
                                wake.wait();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    },
                    () -> stopped.add(name));
        }

        work.close();

        assertThat(stopped).containsExactly("mail", "sweeps", "bus");
        assertThat(work.tasks()).allMatch(BackgroundWork.Task::stopping);
    }

    @Test
    void aOneOffTaskRunsOnceOnItsOwnNamedThreadAndIsListedAndCounted() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> threadName =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (BackgroundWork work = new BackgroundWork(Duration.ofSeconds(5))) {
            BackgroundWork.Task task = work.once("warm-up", () -> {
                threadName.set(Thread.currentThread().getName());
                runs.incrementAndGet();
                ran.countDown();
            });
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(threadName.get()).isEqualTo("kamishop-warm-up");
            assertThat(work.tasks()).containsExactly(task);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (task.runs() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(task.runs()).isEqualTo(1);
            assertThat(task.failures()).isZero();
        }
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void closeWaitsForARunInFlightButNoLongerThanItsBudget() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        BackgroundWork quick = new BackgroundWork(Duration.ofSeconds(5));
        quick.every("short-pass", Duration.ZERO, Duration.ofHours(1), () -> {
            running.countDown();
            sleepUninterruptibly(Duration.ofMillis(300));
            finished.countDown();
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        quick.close();
        assertThat(finished.getCount())
                .as("close waited for the pass in flight")
                .isZero();

        CountDownLatch stuckStarted = new CountDownLatch(1);
        BackgroundWork bounded = new BackgroundWork(Duration.ofMillis(300));
        bounded.every("stuck-pass", Duration.ZERO, Duration.ofHours(1), () -> {
            stuckStarted.countDown();
            sleepUninterruptibly(Duration.ofSeconds(30));
        });
        assertThat(stuckStarted.await(10, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        bounded.close();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMillis).as("close gives up after its budget").isBetween(250L, 10_000L);
    }

    @Test
    void wakesBeforeARunStartsMakeOneRunAndLeaveTheScheduleAlone() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        try (BackgroundWork work = new BackgroundWork(Duration.ofSeconds(5))) {
            BackgroundWork.Periodic task = work.every("outbox", Duration.ofHours(1), Duration.ofHours(1), () -> {
                if (runs.incrementAndGet() == 1) {
                    first.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            task.wake();
            assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 20; i++) {
                task.wake();
            }
            release.countDown();
            await(() -> task.runs() == 2);
            sleepUninterruptibly(Duration.ofMillis(100));
            assertThat(runs.get()).isEqualTo(2);
        }
    }

    @Test
    void aSelfTimedTaskRunsWhenItsLastRunSaid() {
        AtomicInteger runs = new AtomicInteger();
        try (BackgroundWork work = new BackgroundWork(Duration.ofSeconds(5))) {
            BackgroundWork.Periodic task = work.repeat(
                    "renewal",
                    Duration.ZERO,
                    () -> runs.incrementAndGet() < 3 ? SOON : Duration.ofHours(1),
                    Duration.ofHours(1));
            await(() -> task.runs() == 3);
            sleepUninterruptibly(Duration.ofMillis(100));
            assertThat(runs.get()).isEqualTo(3);
        }
    }

    @Test
    void aSecondTaskOfTheSameNameIsRefusedWhileTheFirstRuns() {
        try (BackgroundWork work = new BackgroundWork(Duration.ofSeconds(5))) {
            BackgroundWork.Periodic first = work.every("twice", Duration.ofHours(1), Duration.ofHours(1), () -> {});
            assertThatThrownBy(() -> work.every("twice", Duration.ofHours(1), Duration.ofHours(1), () -> {}))
                    .isInstanceOf(IllegalStateException.class);
            first.stop(Duration.ofSeconds(1));
            work.every("twice", Duration.ofHours(1), Duration.ofHours(1), () -> {});
        }
    }

    @Test
    void eachTaskShowsItsRunsFailuresAndLastDurationAsMetrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (BackgroundWork work = new BackgroundWork(Duration.ofSeconds(5))) {
            work.bindTo(registry);
            BackgroundWork.Periodic task = work.every("broken", Duration.ZERO, SOON, () -> {
                throw new IllegalStateException("always");
            });
            await(() -> task.failures() >= 2);

            assertThat(registry.scrape())
                    .contains("kamishop_background_runs_total{task=\"broken\"}")
                    .contains("kamishop_background_failures_total{task=\"broken\"}")
                    .contains("kamishop_background_last_duration_seconds{task=\"broken\"}");
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
            sleepUninterruptibly(Duration.ofMillis(10));
        }
    }

    private static void sleepUninterruptibly(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException ignored) {
                // a stop tries to cut this short; the test means to outlast it
            }
        }
    }
}
