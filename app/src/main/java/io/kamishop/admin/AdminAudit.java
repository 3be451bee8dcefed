package io.kamishop.admin;

import io.kamishop.audit.AuditLog;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The admin's view of the store's one audit trail: admin actions are appended to the hash-chained
 * {@link AuditLog} (beside every order move), with the admin's address as the entry's subject.
 */
public final class AdminAudit {

    /** One entry as the admin pages show it. */
    public record Entry(long id, String actor, String action, String detail, String ip, long at) {}

    private final AuditLog log;

    public AdminAudit(AuditLog log) {
        this.log = log;
    }

    /** {@code ip} is null for an action that came from no address (a Telegram command). */
    public void record(String actor, String action, String detail, @Nullable String ip) {
        String d = detail == null ? "" : detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        log.record(actor == null ? "unknown" : actor, action, ip == null ? "" : ip, d);
    }

    /** Newest first. */
    public List<Entry> recent(int limit, long beforeId) {
        return log.recent(limit, beforeId).stream()
                .map(e -> new Entry(e.seq(), e.actor(), e.action(), e.detail(), e.subject(), e.at()))
                .toList();
    }
}
