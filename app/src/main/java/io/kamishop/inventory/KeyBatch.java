package io.kamishop.inventory;

import java.util.ArrayList;
import java.util.List;

/** One batch of an import, ready to insert: each key's fingerprint and its sealed text, in upload order. */
record KeyBatch(List<String> fingerprints, List<byte[]> sealed) {

    KeyBatch(int capacity) {
        this(new ArrayList<>(capacity), new ArrayList<>(capacity));
    }

    void add(String fingerprint, byte[] sealedKey) {
        fingerprints.add(fingerprint);
        sealed.add(sealedKey);
    }

    int size() {
        return fingerprints.size();
    }
}
