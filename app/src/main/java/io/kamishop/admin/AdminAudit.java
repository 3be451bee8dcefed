package io.kamishop.admin;

import io.kamishop.db.Database;
import java.time.Clock;
import java.util.List;

/** The log of what admins did: who, what, when, from where. Append-only; nothing secret goes in. */
public final class AdminAudit {

    /** One admin action. */
    public record Entry(long id, String actor, String action, String detail, String ip, long at) {
    }

    private final Database database;
    private final Clock clock;

    public AdminAudit(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public void record(String actor, String action, String detail, String ip) {
        String d = detail == null ? "" : detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        database.write(h -> h.createUpdate("INSERT INTO admin_audit (actor, action, detail, ip, at) VALUES (:actor, :action, :detail, :ip, :at)")
                .bind("actor", cut(actor, 120)).bind("action", cut(action, 80)).bind("detail", d).bind("ip", ip)
                .bind("at", clock.millis()).execute());
    }

    /** Newest first. */
    public List<Entry> recent(int limit, long beforeId) {
        return database.read(h -> h.createQuery("SELECT id, actor, action, detail, ip, at FROM admin_audit WHERE id < :before ORDER BY id DESC LIMIT :limit")
                .bind("before", beforeId).bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)))
                .list());
    }

    private static String cut(String s, int max) {
        String v = s == null ? "" : s;
        return v.length() > max ? v.substring(0, max) : v;
    }
}
