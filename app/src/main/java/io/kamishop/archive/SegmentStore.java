package io.kamishop.archive;

/**
 * Where cold segments are kept: a folder in the data dir ({@link FolderSegments}) or an object store.
 * A segment's bytes are already compressed and sealed when they get here; a store only keeps them.
 */
public interface SegmentStore {

    /** A short name for the admin and the segment index ({@code folder}, {@code s3}). */
    String kind();

    /** Stores {@code bytes} under {@code name}, replacing nothing: names are unique. */
    void put(String name, byte[] bytes);

    /** The bytes stored under {@code name}; throws when there are none. */
    byte[] get(String name);
}
