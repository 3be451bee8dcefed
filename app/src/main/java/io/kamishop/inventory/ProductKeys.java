package io.kamishop.inventory;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The merchant's key list of one product: masked keys page by page, searched, and removed one by one
 * while unsold. The one policy behind the JSON API and the admin page.
 *
 * <p>A search ({@code q}) matches a key typed exactly as it was imported (surrounding blanks ignored),
 * through its keyed fingerprint, or an order number, giving the keys that order holds or bought. Keys are
 * sealed at rest, so there is no search by part of a key: that would mean decrypting the whole stock.
 */
public final class ProductKeys {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** One key as listed: never the plaintext, only its first and last characters. */
    public record Listed(
            long id, String masked, String status, @Nullable String orderNo) {}

    /** A page of keys and the id to continue after, or {@code null} on the last page. */
    public record Page(List<Listed> keys, @Nullable Long next) {}

    private final Database database;
    private final SecretBox box;
    private final KeyedHash fingerprints;

    public ProductKeys(Database database, SecretBox box, KeyedHash fingerprints) {
        this.database = database;
        this.box = box;
        this.fingerprints = fingerprints;
    }

    public Page list(long productId, @Nullable String q, int limit, long after) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Refusal.badRequest("invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (after < 0) {
            throw Refusal.badRequest("invalid_after", "after must be a key id");
        }
        String search = q == null ? "" : q.strip();
        if (search.length() > KeyLines.MAX_LENGTH) {
            throw Refusal.badRequest("invalid_q", "q is longer than " + KeyLines.MAX_LENGTH + " characters");
        }
        // One row more than asked tells whether there is a next page without a second query.
        List<ShelfKey> rows = database.read(tx -> search.isEmpty()
                ? tx.dao(KeyDao.class).shelfPage(productId, after, limit + 1)
                : tx.dao(KeyDao.class)
                        .shelfPageMatching(productId, fingerprints.bytes(search), search, after, limit + 1));
        boolean more = rows.size() > limit;
        List<Listed> keys = new ArrayList<>(Math.min(rows.size(), limit));
        for (ShelfKey row : rows.subList(0, Math.min(rows.size(), limit))) {
            String key = new String(
                    box.open(row.sealed(), InventoryService.associatedData(row.productId())), StandardCharsets.UTF_8);
            keys.add(new Listed(row.id(), mask(key), row.status(), row.orderNo()));
        }
        return new Page(keys, more ? keys.get(keys.size() - 1).id() : null);
    }

    /**
     * Removes one key nobody holds or bought. 404 for a key the product does not have, 409 for a key
     * an order holds or bought (that order's delivery depends on it).
     */
    public void removeUnsold(long productId, long keyId) {
        database.write(tx -> {
            KeyDao keys = tx.dao(KeyDao.class);
            if (keys.deleteUnsold(productId, keyId) == 1) {
                return null;
            }
            String status = keys.statusOf(productId, keyId)
                    .orElseThrow(
                            () -> Refusal.notFound("key_not_found", "product " + productId + " has no key " + keyId));
            throw Refusal.conflict(
                    status.equals("sold") ? "key_sold" : "key_held",
                    "key " + keyId + " is " + status
                            + (status.equals("sold") ? " and stays with its order" : " by a pending order"));
        });
    }

    /**
     * Enough of a key to tell it apart from its neighbours, not enough to use it: at most a quarter of
     * its characters, split between the start and the end, and never more than four of each.
     */
    static String mask(String key) {
        int[] cps = key.codePoints().toArray();
        int shown = Math.min(4, cps.length / 8);
        if (shown == 0) {
            return "••••";
        }
        return new String(cps, 0, shown) + "••••" + new String(cps, cps.length - shown, shown);
    }
}
