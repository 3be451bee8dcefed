package io.kamishop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyBatchTest {

    @Test
    void sortingByFingerprintComparesUnsignedBytesAndKeepsEachKeyWithItsSealedTextAndUploadPlace() {
        KeyBatch batch = new KeyBatch(4);
        int[] firstBytes = {0xC3, 0x01, 0xD4, 0x7F};
        for (int b : firstBytes) {
            batch.add(new byte[] {(byte) b, 0x00}, ("sealed " + b).getBytes(StandardCharsets.UTF_8));
        }

        batch.sortByFingerprint();

        // As SQLite and PostgreSQL order BLOB/BYTEA index entries: 0x7F before 0xC3 (signed bytes would put 0xC3
        // first).
        int[] sorted = new int[4];
        for (int i = 0; i < batch.size(); i++) {
            sorted[i] = batch.fingerprint(i)[0] & 0xff;
            assertThat(new String(batch.sealed(i), StandardCharsets.UTF_8)).isEqualTo("sealed " + sorted[i]);
            assertThat(firstBytes[batch.position(i)]).as("upload place").isEqualTo(sorted[i]);
        }
        assertThat(sorted).containsExactly(0x01, 0x7F, 0xC3, 0xD4);
    }

    @Test
    void batchesGrowTowardsTheTargetTimeAtMostTwofoldAndStayWithinBounds() {
        long target = KeyBatches.TARGET_NANOS;
        assertThat(KeyBatches.paced(2_000, target / 100))
                .as("fast: doubles, no more")
                .isEqualTo(4_000);
        assertThat(KeyBatches.paced(10_000, target * 2)).as("slow: halves").isEqualTo(5_000);
        assertThat(KeyBatches.paced(2_000, target * 10))
                .as("never below the first size")
                .isEqualTo(KeyBatches.MIN_BATCH);
        assertThat(KeyBatches.paced(30_000, target / 10))
                .as("never above the memory bound")
                .isEqualTo(KeyBatches.MAX_BATCH);
    }
}
