package io.kamishop.reseller;

import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;

/** The sub-store product page and host name on PostgreSQL: the V560 column, its unique index and the same pages. */
class SubStoreProductPageOnPostgresTest extends SubStoreProductPageTest {

    private TestNodes nodes;

    @Override
    TestStore.Builder builder() {
        nodes = TestNodes.onFreshSchema();
        return nodes.builder();
    }

    @Override
    void afterStore() {
        if (nodes != null) {
            nodes.close();
        }
    }
}
