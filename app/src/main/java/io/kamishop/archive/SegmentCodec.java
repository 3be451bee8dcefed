package io.kamishop.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.crypto.SecretBox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A cold segment's bytes: the documents of its orders (order id to document) as JSON, gzip-compressed,
 * then sealed with AES-256-GCM under the archive's key, bound to the segment's name so a segment renamed
 * or swapped for another does not open. The keys inside the documents stay sealed under their own key.
 */
final class SegmentCodec {

    private final SecretBox box;
    private final ObjectMapper json;

    SegmentCodec(SecretBox box, ObjectMapper json) {
        this.box = box;
        this.json = json;
    }

    byte[] write(String name, Map<Long, String> documents) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                json.writeValue(gzip, documents);
            }
            return box.seal(out.toByteArray(), associatedData(name));
        } catch (IOException e) {
            throw new UncheckedIOException("compressing archive segment " + name + " failed", e);
        }
    }

    Map<Long, String> read(String name, byte[] stored) {
        byte[] compressed = box.open(stored, associatedData(name));
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            Map<?, ?> tree = json.readValue(gzip, Map.class);
            Map<Long, String> documents = new LinkedHashMap<>();
            tree.forEach((id, document) -> documents.put(Long.parseLong(id.toString()), (String) document));
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("reading archive segment " + name + " failed", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String associatedData(String name) {
        return "archive-segment:" + name;
    }
}
