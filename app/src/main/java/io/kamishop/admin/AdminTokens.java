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
    public record TokenInfo(long id, String name, TokenScope scope) {}

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
        database.write(tx -> tx.dao(AdminTokenDao.class)
                .insertBootstrap("bootstrap (KAMISHOP_ADMIN_TOKEN)", tokenHash, clock.millis()));
    }

    /** Creates a new token limited to a scope and returns it; this is the only time it is visible. */
    public String create(String name, TokenScope scope) {
        String token = "ksa_" + Tokens.random();
        database.write(tx -> tx.dao(AdminTokenDao.class).insert(name, hash.hex(token), clock.millis(), scope.id()));
        return token;
    }

    /**
     * Creates a token of this name unless one was ever created (even if since revoked), and returns it
     * only when it did. For {@code --demo}: every demo start used to mint one more live admin token,
     * shown once in a console nobody keeps, and left valid forever.
     */
    public Optional<String> createOnce(String name) {
        String token = "ksa_" + Tokens.random();
        return database.write(tx -> {
            AdminTokenDao tokens = tx.dao(AdminTokenDao.class);
            if (tokens.countNamed(name) > 0) {
                return Optional.<String>empty();
            }
            tokens.insert(name, hash.hex(token), clock.millis(), TokenScope.FULL.id());
            return Optional.of(token);
        });
    }

    public Optional<TokenInfo> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        return database.read(tx -> tx.dao(AdminTokenDao.class).live(hash.hex(token.trim())))
                .map(row -> new TokenInfo(row.id(), row.name(), scope(row.scope())));
    }

    /** A token as listed for the merchant: its name and dates, never its secret. */
    public record Listed(long id, String name, long createdAt, Long revokedAt, TokenScope scope) {
        /** The scope's id (read-only, catalogue, orders, full), for the admin page. */
        public String scopeId() {
            return scope.id();
        }
    }

    public java.util.List<Listed> list() {
        return database.read(tx -> tx.dao(AdminTokenDao.class).all()).stream()
                .map(row -> new Listed(row.id(), row.name(), row.createdAt(), row.revokedAt(), scope(row.scope())))
                .toList();
    }

    public boolean revoke(long id) {
        return database.write(tx -> tx.dao(AdminTokenDao.class).revoke(id, clock.millis()) == 1);
    }

    /** An unknown stored scope (a newer version's, say) grants the least: reading. */
    private static TokenScope scope(String id) {
        return TokenScope.fromId(id).orElse(TokenScope.READ_ONLY);
    }
}
