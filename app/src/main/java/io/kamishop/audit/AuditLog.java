package io.kamishop.audit;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.db.Database;
import io.kamishop.db.DeferredRows;
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
    /** One instance: deferred rows are grouped by their writer, and each {@code this::write} would be a new one. */
    private final DeferredRows<Draft> writer = this::write;

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

    /**
     * Within the caller's transaction: appends an entry, so it commits with the change it describes.
     * The entry is written just before that transaction commits, with every other entry of the same
     * (perhaps grouped) transaction: a paid order's two entries, or a batch's hundred, take one head
     * update each way instead of three statements apiece.
     */
    public void append(Handle h, String actor, String action, String subject, String detail) {
        database.defer(h, writer, new Draft(clock.millis(), clip(actor, 200), clip(action, 100), clip(subject, 200),
                detail == null ? "" : detail));
    }

    /** An entry waiting for its transaction to commit: everything but its place in the chain. */
    private record Draft(long at, String actor, String action, String subject, String detail) {
    }

    /** Chains the drafts onto the head, in order, and moves the head past them. */
    private void write(Handle h, List<Draft> drafts) {
        AuditDao dao = h.attach(AuditDao.class);
        AuditDao.Head head = dao.reserve(drafts.size());
        long seq = head.seq() - drafts.size();
        String prev = head.hash();
        List<Entry> entries = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            seq++;
            String hash = hash(prev, seq, d.at(), d.actor(), d.action(), d.subject(), d.detail());
            entries.add(new Entry(seq, d.at(), d.actor(), d.action(), d.subject(), d.detail(), prev, hash));
            prev = hash;
        }
        dao.insert(entries);
        dao.moveHead(prev);
    }

    /** The newest entries first. */
    public List<Entry> recent(int limit, long beforeSeq) {
        return database.read(h -> h.attach(AuditDao.class).newestBefore(beforeSeq, limit));
    }

    /** Walks the whole chain from the first entry and checks every link and the head. */
    public Verification verify() {
        return database.read(h -> {
            AuditDao dao = h.attach(AuditDao.class);
            String expectedPrev = "0".repeat(64);
            long expectedSeq = 1;
            long count = 0;
            List<Entry> page;
            long after = 0;
            do {
                page = dao.oldestAfter(after, 5000);
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
            if (!dao.headHash().equals(expectedPrev)) {
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
