package io.kamishop.admin;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
        database.write(tx -> tx.dao(AdminSessionDao.class).insert(idHash(raw), userId, stage, ip, now, expires));
        return raw;
    }

    /** The live session for a cookie value; extends its idle time (never beyond the absolute limit). */
    public Optional<Session> find(@Nullable String rawId) {
        if (rawId == null || rawId.isBlank() || rawId.length() > 100) {
            return Optional.empty();
        }
        long now = clock.millis();
        String idHash = idHash(rawId);
        Optional<AdminSessionDao.Row> row =
                database.read(tx -> tx.dao(AdminSessionDao.class).byIdHash(idHash));
        if (row.isEmpty() || row.get().expiresAt() <= now) {
            return Optional.empty();
        }
        long userId = row.get().userId();
        String stage = row.get().stage();
        long created = row.get().createdAt();
        long lastSeen = row.get().lastSeen();
        Optional<AdminUser> user = users.find(userId);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        // Touch at most once a minute: a page view should not always be a write.
        if (FULL.equals(stage) && now - lastSeen > 60_000) {
            long expires = Math.min(now + IDLE.toMillis(), created + ABSOLUTE.toMillis());
            database.write(tx -> tx.dao(AdminSessionDao.class).touch(idHash, now, expires));
        }
        return Optional.of(new Session(idHash, rawId, user.get(), stage, csrfToken(rawId)));
    }

    /** Ends a session (sign-out, or the second factor turning it into a new full one). */
    public void delete(String rawId) {
        database.write(tx -> tx.dao(AdminSessionDao.class).delete(idHash(rawId)));
    }

    /** Signs a user out everywhere but the given session (after a password or second-factor change). */
    public void deleteOthers(long userId, String keepRawId) {
        database.write(tx -> tx.dao(AdminSessionDao.class).deleteOthers(userId, idHash(keepRawId)));
    }

    /** Drops expired sessions; called now and then so the table does not grow forever. */
    public int purgeExpired() {
        return database.write(tx -> tx.dao(AdminSessionDao.class).purgeExpired(clock.millis()));
    }

    public String csrfToken(String rawId) {
        return hash.hex("admin-csrf:" + rawId);
    }

    private String idHash(String rawId) {
        return hash.hex("admin-session:" + rawId);
    }
}
