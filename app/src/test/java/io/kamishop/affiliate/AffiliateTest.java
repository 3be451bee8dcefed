package io.kamishop.affiliate;

import io.kamishop.testing.TestStore;

/** Affiliates on the store's SQLite file. */
class AffiliateTest extends AffiliateBehaviour {

    @Override
    TestStore.Builder builder() {
        return TestStore.builder();
    }
}
