package io.kamishop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingTest {

    /** The packaging runs it at build time: it must load a real start's classes, and leave nothing behind. */
    @Test
    void theTrainingRunStartsAFreshAndAnExistingStoreServesItsPagesAndRemovesItsDataDir(@TempDir Path scratch)
            throws Exception {
        assertThat(CdsTraining.run(scratch)).as("pages that failed").isZero();
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).as("left in the scratch dir").isEmpty();
        }
    }
}
