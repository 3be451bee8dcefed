package io.kamishop.reseller;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.time.Duration;

/**
 * Resellers on PostgreSQL with two nodes of the store on one schema: the racing tests send every other request to
 * the second node, so the refunds, withdrawals and orders really run side by side in two processes' pools.
 */
@PostgresTest
class ResellerOnTwoNodesTest extends ResellerBehaviour {

    private TestNodes nodes;
    private TestStore second;

    @Override
    TestStore startStore() {
        nodes = TestNodes.onFreshSchema(clock);
        String never = Long.toString(Duration.ofDays(1).toMillis());
        TestStore first = nodes.builder()
                .env("KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS", never)
                .start();
        second = nodes.builder()
                .env("KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS", never)
                .start();
        return first;
    }

    @Override
    TestStore node() {
        return turn.getAndIncrement() % 2 == 0 ? store : second;
    }

    @Override
    void closeStores() {
        try {
            second.close();
        } finally {
            store.close();
        }
    }

    @Override
    void afterStore() {
        nodes.close();
    }
}
