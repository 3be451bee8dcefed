package io.kamishop.inventory;

import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The stock of a {@code file} product: the file the merchant uploaded, sealed with AES-256-GCM in the
 * database (so it is in backups and on every node, and never plaintext at rest). A new upload replaces
 * what new orders receive; delivered orders keep the file they were given.
 */
public final class ProductFiles {

    private final Database database;
    private final SecretBox box;
    private final Clock clock;
    private final long maxBytes;

    public ProductFiles(Database database, SecretBox box, Clock clock, long maxBytes) {
        this.database = database;
        this.box = box;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /** The largest file accepted, in bytes ({@code KAMISHOP_MAX_FILE_BYTES}). */
    public long maxBytes() {
        return maxBytes;
    }

    /** Stores the file of a file product; 422 for another kind, an empty file or a bad name. */
    public ProductFile upload(long productId, @Nullable String name, @Nullable String contentType, byte[] bytes) {
        KindSpec spec = database.read(tx -> InventoryService.kindSpec(tx, productId));
        if (spec.productKind() != ProductKind.FILE) {
            throw Refusal.invalid(
                    "not_a_file_product", "product " + productId + " is of kind '" + spec.kind() + "', not 'file'");
        }
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 200 || !cleanName.matches("[^/\\\\\\p{Cntrl}\"]+")) {
            throw Refusal.invalidFields(
                    "invalid_file",
                    "the file is not valid",
                    Map.of("name", "must be 1 to 200 characters without slashes, quotes or control characters"));
        }
        if (bytes.length == 0) {
            throw Refusal.invalidFields("invalid_file", "the file is not valid", Map.of("file", "must not be empty"));
        }
        String type = contentType == null || contentType.isBlank() || contentType.length() > 100
                ? "application/octet-stream"
                : contentType.strip();
        long now = clock.millis();
        String sha256 = sha256(bytes);
        return database.write(tx -> {
            FileDao dao = tx.dao(FileDao.class);
            // Bound to the product and digest: a sealed file copied into another product's row will not open.
            byte[] sealed = box.seal(bytes, associatedData(productId, sha256));
            long id = dao.insert(productId, cleanName, type, bytes.length, sha256, sealed, now);
            return dao.find(id).orElseThrow();
        });
    }

    public Optional<ProductFile> latest(long productId) {
        return database.read(tx -> tx.dao(FileDao.class).latest(productId));
    }

    public Optional<ProductFile> find(long fileId) {
        return database.read(tx -> tx.dao(FileDao.class).find(fileId));
    }

    /** The plaintext bytes of a stored file; the GCM tag proves they are the ones uploaded. */
    public byte[] open(ProductFile file) {
        byte[] sealed =
                database.read(tx -> tx.dao(FileDao.class).sealed(file.id())).orElseThrow();
        return box.open(sealed, associatedData(file.productId(), file.sha256()));
    }

    private static String associatedData(long productId, String sha256) {
        return "product-file:" + productId + ":" + sha256;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
