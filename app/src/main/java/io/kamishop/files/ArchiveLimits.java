package io.kamishop.files;

import io.kamishop.domain.Refusal;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.function.LongSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * How far an uploaded or restored zip may expand: entry count, total uncompressed bytes and
 * compression ratio. A zip bomb (a few kilobytes that inflate to gigabytes, or a million empty
 * entries) is refused as {@code 413 archive_too_large} before anything is written, instead of
 * filling the heap or the disk.
 *
 * <p>The sizes a zip declares are checked first, from the central directory when there is one; but
 * declared sizes are the attacker's own words, so the bytes actually inflated are counted too
 * ({@link #count}) and reading stops at the first byte beyond what is allowed.
 *
 * @param what          what the archive is, for the message ("plugin", "backup")
 * @param maxEntries    entries, files and folders together
 * @param maxTotalBytes uncompressed bytes of all entries together
 * @param maxRatio      uncompressed bytes per compressed byte, for entries above {@link #RATIO_FLOOR}
 */
public record ArchiveLimits(String what, int maxEntries, long maxTotalBytes, long maxRatio) {

    /** Small entries may compress as well as they like: a file of zeros is no bomb at 1 MiB. */
    static final long RATIO_FLOOR = 1024 * 1024;

    /** Checks what the central directory declares: count, total size and each entry's ratio. */
    public void checkDeclared(ZipFile zip) {
        if (zip.size() > maxEntries) {
            throw tooMany();
        }
        long total = 0;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            long size = entry.getSize();
            if (size > 0) {
                total += size;
                if (total > maxTotalBytes) {
                    throw tooBig();
                }
                checkRatio(size, entry.getCompressedSize());
            }
        }
    }

    /** A running count of entries and inflated bytes over one archive. */
    public Counter counter() {
        return new Counter();
    }

    /** Counts entries and bytes as an archive is read, whatever its headers claimed. */
    public final class Counter {
        private int entries;
        private long bytes;

        private Counter() {}

        /** One more entry; refused past the entry limit. */
        public void entry() {
            if (++entries > maxEntries) {
                throw tooMany();
            }
        }

        /**
         * The entry's content, refused at the first byte beyond the total budget or beyond
         * {@code maxRatio} times its compressed size (when that is known, {@code -1} when not).
         */
        public InputStream count(InputStream in, long compressedSize) {
            return count(in, () -> compressedSize);
        }

        /**
         * As {@link #count(InputStream, long)}, for a zip read as a stream, whose headers need not say
         * the compressed size: {@code compressedSoFar} tells how many compressed bytes the entry has
         * used up to now, so a bomb is stopped a megabyte in, not once it has been inflated whole.
         */
        public InputStream count(InputStream in, LongSupplier compressedSoFar) {
            return new FilterInputStream(in) {
                private long inEntry;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        add(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        add(n);
                    }
                    return n;
                }

                private void add(int n) {
                    inEntry += n;
                    bytes += n;
                    if (bytes > maxTotalBytes) {
                        throw tooBig();
                    }
                    long compressed = compressedSoFar.getAsLong();
                    if (compressed >= 0) {
                        checkRatio(inEntry, compressed);
                    }
                }
            };
        }
    }

    private void checkRatio(long size, long compressedSize) {
        if (size > RATIO_FLOOR && (compressedSize <= 0 || size / compressedSize > maxRatio)) {
            throw new Refusal(
                    Refusal.Kind.TOO_LARGE,
                    "archive_too_large",
                    "the " + what + " archive has an entry that expands more than " + maxRatio
                            + " times: refused as a zip bomb");
        }
    }

    private Refusal tooMany() {
        return new Refusal(
                Refusal.Kind.TOO_LARGE,
                "archive_too_large",
                "the " + what + " archive has more than " + maxEntries + " entries");
    }

    private Refusal tooBig() {
        return new Refusal(
                Refusal.Kind.TOO_LARGE,
                "archive_too_large",
                "the " + what + " archive expands to more than " + maxTotalBytes / (1024 * 1024) + " MiB");
    }
}
