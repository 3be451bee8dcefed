package io.kamishop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyBatchTest {

    @Test
    void sortingByFingerprintKeepsEachSealedKeyWithItsFingerprint() {
        KeyBatch batch = new KeyBatch(4);
        for (String f : new String[] {"c3", "a1", "d4", "b2"}) {
            batch.add(f, ("sealed " + f).getBytes(StandardCharsets.UTF_8));
        }

        batch.sortByFingerprint();

        assertThat(batch.size()).isEqualTo(4);
        for (int i = 0; i < batch.size(); i++) {
            assertThat(new String(batch.sealed(i), StandardCharsets.UTF_8)).isEqualTo("sealed " + batch.fingerprint(i));
        }
        assertThat(new String[] {batch.fingerprint(0), batch.fingerprint(1), batch.fingerprint(2), batch.fingerprint(3)})
                .containsExactly("a1", "b2", "c3", "d4");
    }

    @Test
    void batchesGrowTowardsTheTargetTimeAtMostTwofoldAndStayWithinBounds() {
        long target = KeyBatches.TARGET_NANOS;
        assertThat(KeyBatches.paced(2_000, target / 100)).as("fast: doubles, no more").isEqualTo(4_000);
        assertThat(KeyBatches.paced(10_000, target * 2)).as("slow: halves").isEqualTo(5_000);
        assertThat(KeyBatches.paced(2_000, target * 10)).as("never below the first size").isEqualTo(KeyBatches.MIN_BATCH);
        assertThat(KeyBatches.paced(30_000, target / 10)).as("never above the memory bound").isEqualTo(KeyBatches.MAX_BATCH);
    }
}
