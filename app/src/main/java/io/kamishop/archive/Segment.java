package io.kamishop.archive;

/** One cold segment as the database remembers it: where it was written, how many orders, its size and checksum. */
public record Segment(String name, String store, int orders, long bytes, String sha256, long createdAt) {}
