package io.kamishop.inventory;

import java.util.Arrays;

/**
 * One batch of an import, ready to insert: each key's fingerprint, its sealed text and its place in
 * the upload (within this batch).
 */
final class KeyBatch {

    private final byte[][] fingerprints;
    private final byte[][] sealed;
    private final int[] positions;
    private int size;

    KeyBatch(int capacity) {
        fingerprints = new byte[capacity][];
        sealed = new byte[capacity][];
        positions = new int[capacity];
    }

    void add(byte[] fingerprint, byte[] sealedKey) {
        fingerprints[size] = fingerprint;
        sealed[size] = sealedKey;
        positions[size] = size;
        size++;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == fingerprints.length;
    }

    byte[] fingerprint(int i) {
        return fingerprints[i];
    }

    byte[] sealed(int i) {
        return sealed[i];
    }

    /** Where the i-th key of the batch was in the upload, counted from the batch's first key. */
    int position(int i) {
        return positions[i];
    }

    /**
     * Puts the keys in fingerprint order (unsigned bytes, as SQLite and PostgreSQL compare them), the order of the unique index they are inserted into: the
     * inserts then walk the index from one end to the other, each leaf page read and written once per
     * batch while it is in the page cache, instead of a random page per key (with SQLite's 2 MB cache
     * a page is mostly evicted before the batch comes back to it). Each key keeps its upload position.
     */
    void sortByFingerprint() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(fingerprints[a], fingerprints[b]));
        byte[][] f = Arrays.copyOf(fingerprints, size);
        byte[][] s = Arrays.copyOf(sealed, size);
        int[] p = Arrays.copyOf(positions, size);
        for (int i = 0; i < size; i++) {
            fingerprints[i] = f[order[i]];
            sealed[i] = s[order[i]];
            positions[i] = p[order[i]];
        }
    }
}
