package io.kamishop.inventory;

import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The merchant's hands on keys nobody has bought: export them (decrypted, so callers audit it) and
 * remove them. Reserved and sold keys are never touched: a pending order keeps what it holds.
 */
public final class UnsoldKeys {

    private static final int PAGE = 1000;

    private final Database database;
    private final SecretBox box;

    public UnsoldKeys(Database database, SecretBox box) {
        this.database = database;
        this.box = box;
    }

    /** Writes every available key of the product, one per line, in import order; returns how many. */
    public long export(long productId, Writer out) {
        long lastId = 0;
        long written = 0;
        while (true) {
            long after = lastId;
            List<KeyRow> rows = database.read(tx -> tx.dao(KeyDao.class).unsoldPage(productId, after, PAGE));
            if (rows.isEmpty()) {
                return written;
            }
            try {
                for (KeyRow row : rows) {
                    out.write(new String(
                            box.open(row.sealed(), InventoryService.associatedData(row.productId())),
                            StandardCharsets.UTF_8));
                    out.write('\n');
                    written++;
                    lastId = row.id();
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the export was interrupted", e);
            }
        }
    }

    /** Deletes every available key of the product (one conditional DELETE: an order racing for one keeps it). */
    public int removeAll(long productId) {
        return database.write(tx -> tx.dao(KeyDao.class).deleteAllUnsold(productId));
    }
}
