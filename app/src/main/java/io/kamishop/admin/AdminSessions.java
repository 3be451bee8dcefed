package io.kamishop.admin;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Signed-in browsers. The cookie carries a random 192-bit id; the database only a keyed hash of it,
 * so a copied database cannot be used to ride a session. Each session also has a CSRF token derived
 * from its id, which every state-changing admin request must echo.
 */
public final class AdminSessions {

    public static final String FULL = "full";
    public static final String SECOND_FACTOR = "second_factor";
    static final Duration IDLE = Duration.ofHours(2);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final Duration SECOND_FACTOR_TIME = Duration.ofMinutes(5);

    /** A live session, looked up from its cookie. */
    public record Session(String idHash, String rawId, AdminUser user, String stage, String csrfToken) {
        public boolean complete() {
            return FULL.equals(stage);
        }
    }

    private final Database database;
    private final KeyedHash hash;
    private final AdminUsers users;
    private final Clock clock;

    public AdminSessions(Database database, KeyedHash hash, AdminUsers users, Clock clock) {
        this.database = database;
        this.hash = hash;
        this.users = users;
        this.clock = clock;
    }

    /** Starts a session and returns its raw id for the cookie; the only time the id exists outside the browser. */
    public String create(long userId, String stage, String ip) {
        String raw = Tokens.random();
        long now = clock.millis();
        long expires = now + (FULL.equals(stage) ? IDLE : SECOND_FACTOR_TIME).toMillis();
        database.write(h -> h.createUpdate("INSERT INTO admin_sessions (id_hash, user_id, stage, ip, created_at, last_seen, expires_at) "
                        + "VALUES (:id, :user, :stage, :ip, :now, :now, :expires)")
                .bind("id", idHash(raw)).bind("user", userId).bind("stage", stage).bind("ip", ip)
                .bind("now", now).bind("expires", expires).execute());
        return raw;
    }

    /** The live session for a cookie value; extends its idle time (never beyond the absolute limit). */
    public Optional<Session> find(String rawId) {
        if (rawId == null || rawId.isBlank() || rawId.length() > 100) {
            return Optional.empty();
        }
        long now = clock.millis();
        String idHash = idHash(rawId);
        var row = database.read(h -> h.createQuery("SELECT user_id, stage, created_at, last_seen, expires_at FROM admin_sessions WHERE id_hash = :id")
                .bind("id", idHash).mapToMap().findOne());
        if (row.isEmpty() || ((Number) row.get().get("expires_at")).longValue() <= now) {
            return Optional.empty();
        }
        long userId = ((Number) row.get().get("user_id")).longValue();
        String stage = (String) row.get().get("stage");
        long created = ((Number) row.get().get("created_at")).longValue();
        long lastSeen = ((Number) row.get().get("last_seen")).longValue();
        Optional<AdminUser> user = users.find(userId);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        // Touch at most once a minute: a page view should not always be a write.
        if (FULL.equals(stage) && now - lastSeen > 60_000) {
            long expires = Math.min(now + IDLE.toMillis(), created + ABSOLUTE.toMillis());
            database.write(h -> h.createUpdate("UPDATE admin_sessions SET last_seen = :now, expires_at = :expires WHERE id_hash = :id")
                    .bind("now", now).bind("expires", expires).bind("id", idHash).execute());
        }
        return Optional.of(new Session(idHash, rawId, user.get(), stage, csrfToken(rawId)));
    }

    /** Ends a session (sign-out, or the second factor turning it into a new full one). */
    public void delete(String rawId) {
        database.write(h -> h.createUpdate("DELETE FROM admin_sessions WHERE id_hash = :id").bind("id", idHash(rawId)).execute());
    }

    /** Signs a user out everywhere but the given session (after a password or second-factor change). */
    public void deleteOthers(long userId, String keepRawId) {
        database.write(h -> h.createUpdate("DELETE FROM admin_sessions WHERE user_id = :user AND id_hash <> :keep")
                .bind("user", userId).bind("keep", idHash(keepRawId)).execute());
    }

    /** Drops expired sessions; called now and then so the table does not grow forever. */
    public int purgeExpired() {
        return database.write(h -> h.createUpdate("DELETE FROM admin_sessions WHERE expires_at <= :now")
                .bind("now", clock.millis()).execute());
    }

    public String csrfToken(String rawId) {
        return hash.hex("admin-csrf:" + rawId);
    }

    private String idHash(String rawId) {
        return hash.hex("admin-session:" + rawId);
    }
}
