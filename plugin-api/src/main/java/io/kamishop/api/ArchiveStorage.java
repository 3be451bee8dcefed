package io.kamishop.api;

/**
 * Keeps the store's cold order archive somewhere else than the data dir: an object store, a backup
 * service (since API 1.4). The store hands over segments that are already compressed and encrypted
 * (AES-256-GCM under a key that never leaves the store), so a storage plugin sees only opaque bytes.
 *
 * <pre>{@code
 * @Extension
 * public class BucketStorage implements ArchiveStorage {
 *     public String id() { return "my-bucket"; }
 *     public void put(String name, byte[] bytes) throws Exception { client.upload(prefix + name, bytes); }
 *     public byte[] get(String name) throws Exception { return client.download(prefix + name); }
 * }
 * }</pre>
 *
 * <p>When a started plugin offers an {@code ArchiveStorage}, new cold segments go to it instead of the
 * data dir folder. The store reads every segment back right after {@link #put} and compares it byte for
 * byte before it drops the orders' warm copies, so a storage that loses or alters data is caught before
 * anything depends on it. Names are unique, short ({@code [a-z0-9-]}), and never written twice.
 * Both calls run on a store worker thread, never in a buyer's request; throw to fail them (the
 * store keeps the orders warm and tries again on its next sweep).
 */
public interface ArchiveStorage extends KamishopExtension {

    /** Stable id, e.g. {@code s3}. Shown to the merchant beside the archive's sizes. */
    String id();

    /** Stores {@code bytes} under {@code name}; returns only once they are durably stored. */
    void put(String name, byte[] bytes) throws Exception;

    /** The bytes stored under {@code name}; throws when there are none. */
    byte[] get(String name) throws Exception;
}
