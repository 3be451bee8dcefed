package io.kamishop.reseller;

import io.kamishop.testing.TestStore;
import java.time.Duration;

/** Resellers on the store's SQLite file. */
class ResellerTest extends ResellerBehaviour {

    @Override
    TestStore startStore() {
        // The tests release earnings themselves, at the moments they pin; the sweeper would race them.
        return TestStore.builder()
                .clock(clock)
                .env(
                        "KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS",
                        Long.toString(Duration.ofDays(1).toMillis()))
                .start();
    }
}
