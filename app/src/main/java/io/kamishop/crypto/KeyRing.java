package io.kamishop.crypto;

import io.kamishop.db.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * Envelope encryption. The store's data keys (for card keys, plugin secrets, token and audit
 * hashes) all derive from a random 32-byte data root that lives in the database, sealed under the
 * master key. So the master key can be rotated online by re-sealing one row, and a node started
 * with the wrong master key stops with a clear message instead of failing on the first order.
 */
public final class KeyRing {

    private static final String WRAP_PURPOSE = "key ring wrap v1";
    private static final String ASSOCIATED_DATA = "kamishop key ring";

    private KeyRing() {}

    /** The store's keys: the data root opened with {@code master}, created on a fresh database. */
    public static Keys open(Database database, MasterKey master, Clock clock) {
        SecretBox wrap = new SecretBox(master.derive(WRAP_PURPOSE));
        String wrapped =
                database.read(tx -> tx.dao(KeyRingDao.class).wrapped()).orElseGet(() -> create(database, wrap, clock));
        byte[] root;
        try {
            root = Base64.getDecoder().decode(wrap.openText(wrapped, ASSOCIATED_DATA));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the master key does not open this store's key ring: this data was written under a "
                            + "different master key (check KAMISHOP_MASTER_KEY or the master.key file, or finish a rotation)");
        }
        return Keys.from(MasterKey.fromBase64(Base64.getEncoder().encodeToString(root)));
    }

    private static String create(Database database, SecretBox wrap, Clock clock) {
        byte[] root = new byte[32];
        new SecureRandom().nextBytes(root);
        String sealed = wrap.sealText(Base64.getEncoder().encodeToString(root), ASSOCIATED_DATA);
        database.write(tx -> tx.dao(KeyRingDao.class).create(sealed, clock.millis()));
        // Another node may have created it first: whatever is stored now is the one.
        return database.read(tx -> tx.dao(KeyRingDao.class).wrapped()).orElseThrow();
    }

    /**
     * Re-seals the data root under {@code next}. Running nodes keep working (they hold the opened
     * root); each must be restarted with the new master key before the old one is destroyed.
     */
    public static void rotate(Database database, MasterKey current, MasterKey next, Clock clock) {
        SecretBox oldWrap = new SecretBox(current.derive(WRAP_PURPOSE));
        SecretBox newWrap = new SecretBox(next.derive(WRAP_PURPOSE));
        database.write(tx -> {
            KeyRingDao ring = tx.dao(KeyRingDao.class);
            String wrapped = ring.wrapped()
                    .orElseThrow(
                            () -> new IllegalStateException("this store has no key ring yet; start it once first"));
            String root;
            try {
                root = oldWrap.openText(wrapped, ASSOCIATED_DATA);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the current master key does not open this store's key ring");
            }
            return ring.rewrap(newWrap.sealText(root, ASSOCIATED_DATA), clock.millis());
        });
    }
}
