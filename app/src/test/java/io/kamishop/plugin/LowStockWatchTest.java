package io.kamishop.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.Notifier.StoreNotice;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class LowStockWatchTest {

    private final Queue<Runnable> worker = new ArrayDeque<>();
    private final Map<Long, Long> available = new HashMap<>();
    private final List<Long> counted = new ArrayList<>();
    private final List<StoreNotice> notices = new ArrayList<>();
    private final LowStockWatch watch = new LowStockWatch(
            worker::add,
            Clock.systemUTC(),
            (product, limit) -> {
                counted.add(product);
                return Math.min(limit, available.getOrDefault(product, 0L));
            },
            5,
            notices::add);

    private void runWorker() {
        while (!worker.isEmpty()) {
            worker.poll().run();
        }
    }

    @Test
    void deliveriesQueuedWhileACountIsPendingShareThatCount() {
        available.put(1L, 3L);
        available.put(2L, 50L);
        for (int i = 0; i < 40; i++) {
            watch.delivered(1, "Gift card");
        }
        watch.delivered(2, "Licence");
        watch.delivered(2, "Licence");

        runWorker();

        assertThat(counted).containsExactly(1L, 2L);
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(StoreNotice.Kind.LOW_STOCK);
            assertThat(n.fields())
                    .containsEntry("productId", "1")
                    .containsEntry("productName", "Gift card")
                    .containsEntry("available", "3");
        });
    }

    @Test
    void aDeliveryAfterTheCountRanIsCountedAgain() {
        available.put(1L, 6L);
        watch.delivered(1, "Gift card");
        runWorker();
        assertThat(notices).as("6 left is above the threshold of 5").isEmpty();

        available.put(1L, 5L);
        watch.delivered(1, "Gift card");
        runWorker();

        assertThat(counted).containsExactly(1L, 1L);
        assertThat(notices).hasSize(1);
    }
}
