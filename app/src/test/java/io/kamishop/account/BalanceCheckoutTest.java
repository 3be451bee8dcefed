package io.kamishop.account;

import io.kamishop.testing.TestStore;

/** Paying from a balance on the store's SQLite file. */
class BalanceCheckoutTest extends BalanceCheckoutBehaviour {

    @Override
    TestStore startStore() {
        return TestStore.start();
    }
}
