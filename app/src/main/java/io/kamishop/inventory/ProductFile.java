package io.kamishop.inventory;

/** A file product's downloadable file, without its (sealed) bytes. */
public record ProductFile(
        long id, long productId, String name, String contentType, long size, String sha256, long createdAt) {}
