package io.kamishop.archive;

import io.kamishop.api.ArchiveStorage;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which {@link SegmentStore} a segment goes to and comes from: new segments go to the first running
 * {@link ArchiveStorage} plugin (archive-s3), else to the data dir folder; a segment is read from the store
 * its index row names, so segments written before a plugin was enabled (or after it was disabled) still open.
 */
public final class SegmentStores {

    private final FolderSegments folder;
    private final Supplier<List<ArchiveStorage>> plugins;

    public SegmentStores(FolderSegments folder, Supplier<List<ArchiveStorage>> plugins) {
        this.folder = folder;
        this.plugins = plugins;
    }

    /** Where a new segment goes now. */
    public SegmentStore forWriting() {
        List<ArchiveStorage> running = plugins.get();
        return running.isEmpty() ? folder : new PluginSegments(running.get(0));
    }

    /** The store named {@code kind} in a segment's index row; refused when that plugin is not running. */
    public SegmentStore named(String kind) {
        if (folder.kind().equals(kind)) {
            return folder;
        }
        return plugins.get().stream()
                .filter(p -> kind.equals(p.id()))
                .findFirst()
                .<SegmentStore>map(PluginSegments::new)
                .orElseThrow(() -> new IllegalStateException("the archive storage '" + kind
                        + "' is not running: enable its plugin " + "to bring back orders from its segments"));
    }

    /** A storage plugin as a segment store: its failures become the archive's, the orders stay where they were. */
    private record PluginSegments(ArchiveStorage storage) implements SegmentStore {

        @Override
        public String kind() {
            return storage.id();
        }

        @Override
        public void put(String name, byte[] bytes) {
            try {
                storage.put(name, bytes);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "archive storage '" + storage.id() + "' could not store " + name + ": " + e, e);
            }
        }

        @Override
        public byte[] get(String name) {
            try {
                return storage.get(name);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "archive storage '" + storage.id() + "' could not read " + name + ": " + e, e);
            }
        }
    }
}
