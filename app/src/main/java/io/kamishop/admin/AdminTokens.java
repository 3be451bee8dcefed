package io.kamishop.admin;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import java.time.Clock;
import java.util.Optional;

/**
 * Admin API tokens. Only a keyed hash of each token is stored; the token itself is shown once, when
 * it is created. Looking a token up by its hash also makes the comparison constant-time.
 */
public final class AdminTokens {

    /** A stored token's identity, never its secret. */
    public record TokenInfo(long id, String name, TokenScope scope) {
    }

    private final Database database;
    private final KeyedHash hash;
    private final Clock clock;

    public AdminTokens(Database database, KeyedHash hash, Clock clock) {
        this.database = database;
        this.hash = hash;
        this.clock = clock;
    }

    /** Stores the bootstrap token from the environment, unless it is stored already (or was revoked). */
    public void ensureBootstrap(String token) {
        String tokenHash = hash.hex(token);
        // ON CONFLICT: nodes started together with the same token must not fail on the unique hash.
        database.write(h -> h.createUpdate("INSERT INTO admin_tokens (name, token_hash, created_at) VALUES (:name, :hash, :now) "
                        + "ON CONFLICT (token_hash) DO NOTHING")
                .bind("name", "bootstrap (KAMISHOP_ADMIN_TOKEN)").bind("hash", tokenHash).bind("now", clock.millis()).execute());
    }

    /** Creates a new full token and returns it; this is the only time it is visible. */
    public String create(String name) {
        return create(name, TokenScope.FULL);
    }

    /** Creates a new token limited to a scope and returns it; this is the only time it is visible. */
    public String create(String name, TokenScope scope) {
        String token = "ksa_" + Tokens.random();
        database.write(h -> {
            insert(h, name, hash.hex(token), scope);
            return null;
        });
        return token;
    }

    /**
     * Creates a token of this name unless one was ever created (even if since revoked), and returns it
     * only when it did. For {@code --demo}: every demo start used to mint one more live admin token,
     * shown once in a console nobody keeps, and left valid forever.
     */
    public Optional<String> createOnce(String name) {
        String token = "ksa_" + Tokens.random();
        return database.write(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM admin_tokens WHERE name = :name").bind("name", name)
                    .mapTo(Long.class).one() > 0;
            if (exists) {
                return Optional.<String>empty();
            }
            insert(h, name, hash.hex(token), TokenScope.FULL);
            return Optional.of(token);
        });
    }

    public Optional<TokenInfo> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        return database.read(h -> h.createQuery("SELECT id, name, scope FROM admin_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash.hex(token.trim()))
                .map((rs, ctx) -> new TokenInfo(rs.getLong("id"), rs.getString("name"), scope(rs.getString("scope")))).findOne());
    }

    /** A token as listed for the merchant: its name and dates, never its secret. */
    public record Listed(long id, String name, long createdAt, Long revokedAt, TokenScope scope) {
        /** The scope's id (read-only, catalogue, orders, full), for the admin page. */
        public String scopeId() {
            return scope.id();
        }
    }

    public java.util.List<Listed> list() {
        return database.read(h -> h.createQuery("SELECT id, name, created_at, revoked_at, scope FROM admin_tokens ORDER BY id")
                .map((rs, ctx) -> new Listed(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getObject(4) == null ? null : rs.getLong(4), scope(rs.getString(5)))).list());
    }

    public boolean revoke(long id) {
        return database.write(h -> h.createUpdate("UPDATE admin_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id).bind("now", clock.millis()).execute() == 1);
    }

    private void insert(org.jdbi.v3.core.Handle h, String name, String tokenHash, TokenScope scope) {
        h.createUpdate("INSERT INTO admin_tokens (name, token_hash, created_at, scope) VALUES (:name, :hash, :now, :scope)")
                .bind("name", name).bind("hash", tokenHash).bind("now", clock.millis()).bind("scope", scope.id()).execute();
    }

    /** An unknown stored scope (a newer version's, say) grants the least: reading. */
    private static TokenScope scope(String id) {
        return TokenScope.fromId(id).orElse(TokenScope.READ_ONLY);
    }
}
