package io.kamishop.archive;

import io.kamishop.testing.TestStore;

/** The order archive on SQLite. */
class ArchiveTest extends ArchiveBehaviour {

    @Override
    TestStore.Builder builder() {
        return TestStore.builder();
    }
}
