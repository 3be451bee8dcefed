package io.kamishop.audit;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.db.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The append-only, hash-chained record of what admins did and how every order moved.
 *
 * <p>Each entry's hash is an HMAC (under a key derived from the master key) over the previous hash
 * and the entry's fields, length-prefixed so no two different entries hash alike. Someone who can
 * write the database but does not hold the master key cannot rewrite history without
 * {@link #verify()} noticing.
 */
public final class AuditLog {

    /** One entry as stored. */
    public record Entry(long seq, long at, String actor, String action, String subject, String detail, String prevHash,
                        String hash) {
    }

    /** The outcome of walking the chain. */
    public record Verification(boolean intact, long entries, String problem) {
    }

    private final Database database;
    private final KeyedHash chain;
    private final Clock clock;

    public AuditLog(Database database, KeyedHash chain, Clock clock) {
        this.database = database;
        this.chain = chain;
        this.clock = clock;
    }

    /** Appends an entry in its own write transaction (or the caller's, if one is open). */
    public void record(String actor, String action, String subject, String detail) {
        database.write(h -> {
            append(h, actor, action, subject, detail);
            return null;
        });
    }

    /** Within the caller's transaction: appends an entry, so it commits with the change it describes. */
    public void append(Handle h, String actor, String action, String subject, String detail) {
        // Takes the head's row lock (concurrent appenders on PostgreSQL queue here) and reads it in one statement.
        var head = h.createQuery("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .map((rs, ctx) -> new Object[] {rs.getLong("seq"), rs.getString("hash")}).one();
        long seq = (Long) head[0];
        String prev = (String) head[1];
        long at = clock.millis();
        String hash = hash(prev, seq, at, clip(actor, 200), clip(action, 100), clip(subject, 200), detail);
        h.createUpdate("INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) "
                        + "VALUES (:seq, :at, :actor, :action, :subject, :detail, :prev, :hash)")
                .bind("seq", seq).bind("at", at).bind("actor", clip(actor, 200)).bind("action", clip(action, 100))
                .bind("subject", clip(subject, 200)).bind("detail", detail).bind("prev", prev).bind("hash", hash).execute();
        h.createUpdate("UPDATE audit_head SET hash = :hash WHERE id = 1").bind("hash", hash).execute();
    }

    /** The newest entries first. */
    public List<Entry> recent(int limit, long beforeSeq) {
        return database.read(h -> h.createQuery("SELECT * FROM audit_log WHERE seq < :before ORDER BY seq DESC LIMIT :limit")
                .bind("before", beforeSeq).bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong("seq"), rs.getLong("at"), rs.getString("actor"), rs.getString("action"),
                        rs.getString("subject"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash")))
                .list());
    }

    /** Walks the whole chain from the first entry and checks every link and the head. */
    public Verification verify() {
        return database.read(h -> {
            String expectedPrev = "0".repeat(64);
            long expectedSeq = 1;
            long count = 0;
            List<Entry> page;
            long after = 0;
            do {
                long from = after;
                page = new ArrayList<>(h.createQuery("SELECT * FROM audit_log WHERE seq > :after ORDER BY seq LIMIT 5000")
                        .bind("after", from)
                        .map((rs, ctx) -> new Entry(rs.getLong("seq"), rs.getLong("at"), rs.getString("actor"), rs.getString("action"),
                                rs.getString("subject"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash")))
                        .list());
                for (Entry e : page) {
                    if (e.seq() != expectedSeq) {
                        return new Verification(false, count, "entry " + expectedSeq + " is missing (found " + e.seq() + ")");
                    }
                    if (!e.prevHash().equals(expectedPrev)) {
                        return new Verification(false, count, "entry " + e.seq() + " does not follow the entry before it");
                    }
                    if (!chain.matches(material(e.prevHash(), e.seq(), e.at(), e.actor(), e.action(), e.subject(), e.detail()), e.hash())) {
                        return new Verification(false, count, "entry " + e.seq() + " was changed after it was written");
                    }
                    expectedPrev = e.hash();
                    expectedSeq++;
                    count++;
                    after = e.seq();
                }
            } while (!page.isEmpty());
            String head = h.createQuery("SELECT hash FROM audit_head WHERE id = 1").mapTo(String.class).one();
            if (!head.equals(expectedPrev)) {
                return new Verification(false, count, "the newest entries were removed (the head does not match entry " + (expectedSeq - 1) + ")");
            }
            return new Verification(true, count, null);
        });
    }

    private String hash(String prev, long seq, long at, String actor, String action, String subject, String detail) {
        return chain.hex(material(prev, seq, at, actor, action, subject, detail));
    }

    private static String material(String prev, long seq, long at, String actor, String action, String subject, String detail) {
        StringBuilder out = new StringBuilder(prev).append('|').append(seq).append('|').append(at);
        for (String field : new String[] {actor, action, subject, detail}) {
            out.append('|').append(field.length()).append(':').append(field);
        }
        return out.toString();
    }

    private static String clip(String value, int max) {
        String v = value == null ? "" : value;
        return v.length() <= max ? v : v.substring(0, max);
    }
}
