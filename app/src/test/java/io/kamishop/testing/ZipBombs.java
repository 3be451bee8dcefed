package io.kamishop.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Archives that are small on the wire and huge once inflated, built as a stream so the test's own heap stays small. */
public final class ZipBombs {

    private ZipBombs() {}

    /** {@code base}'s entries, then {@code extra}, then one entry of {@code zeros} zero bytes named {@code bombName}. */
    public static byte[] withZeros(byte[] base, Map<String, byte[]> extra, String bombName, long zeros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (base != null) {
                try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(base))) {
                    for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        zip.putNextEntry(new ZipEntry(e.getName()));
                        in.transferTo(zip);
                        zip.closeEntry();
                    }
                }
            }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(bombName));
            byte[] chunk = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= chunk.length) {
                zip.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zip of {@code count} empty entries: nothing to inflate, everything to list. */
    public static byte[] manyEntries(byte[] base, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (base != null) {
                try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(base))) {
                    for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        zip.putNextEntry(new ZipEntry(e.getName()));
                        in.transferTo(zip);
                        zip.closeEntry();
                    }
                }
            }
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry("filler/" + i));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
