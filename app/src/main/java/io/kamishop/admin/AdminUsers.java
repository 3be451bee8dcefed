package io.kamishop.admin;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.SecretBox;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Admin accounts: passwords (Argon2id), the optional TOTP second factor with its recovery codes, and
 * the one-time setup code that lets the first admin in. There is no default account or password.
 */
public final class AdminUsers {

    public static final int MIN_PASSWORD = 8;
    private static final int RECOVERY_CODES = 10;

    private final Database database;
    private final PasswordHasher passwords;
    private final KeyedHash hash;
    private final SecretBox box;
    private final Clock clock;
    /** Checked against when the user does not exist, so a wrong name takes as long as a wrong password. */
    private final String decoyHash;

    /**
     * @param hash keyed hash for recovery and setup codes
     * @param box  seals TOTP secrets (bound to the user id), which must be readable to check codes
     */
    public AdminUsers(Database database, PasswordHasher passwords, KeyedHash hash, SecretBox box, Clock clock) {
        this.database = database;
        this.passwords = passwords;
        this.hash = hash;
        this.box = box;
        this.clock = clock;
        this.decoyHash = passwords.decoy();
    }

    /** Creates an admin; 422 {@code invalid_user} for a bad name or short password, 409 {@code username_taken}. */
    public AdminUser create(String username, String password) {
        String name = validate(username, password);
        String passwordHash = passwords.hash(password);
        long now = clock.millis();
        return database.write(h -> {
            if (findByName(h, name).isPresent()) {
                throw Refusal.conflict("username_taken", "an admin named '" + name + "' exists already");
            }
            long id = h.createQuery("INSERT INTO admin_users (username, password_hash, totp_enabled, totp_last_step, created_at, updated_at) "
                            + "VALUES (:name, :hash, FALSE, 0, :now, :now) RETURNING id")
                    .bind("name", name).bind("hash", passwordHash).bind("now", now)
                    .mapTo(Long.class).one();
            // The first admin makes any printed setup code useless.
            h.createUpdate("DELETE FROM admin_setup").execute();
            return new AdminUser(id, name, false, now);
        });
    }

    private static String validate(String username, String password) {
        Map<String, String> problems = new LinkedHashMap<>();
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9][a-z0-9._@-]{0,63}")) {
            problems.put("username", "must be 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 1024) {
            problems.put("password", "must be " + MIN_PASSWORD + " to 1024 characters");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_user", "the admin user is not valid", problems);
        }
        return name;
    }

    /** The user whose password this is; an unknown name costs as much time as a wrong password. */
    public Optional<AdminUser> authenticate(String username, String password) {
        if (username == null || password == null || password.length() > 1024) {
            return Optional.empty();
        }
        String name = username.strip().toLowerCase(Locale.ROOT);
        Optional<String> stored = database.read(h -> h.createQuery("SELECT password_hash FROM admin_users WHERE username = :name")
                .bind("name", name).mapTo(String.class).findOne());
        boolean ok = passwords.verify(password, stored.orElse(decoyHash));
        return ok && stored.isPresent() ? database.read(h -> findByName(h, name)) : Optional.empty();
    }

    public void changePassword(long userId, String current, String fresh) {
        AdminUser user = require(userId);
        if (authenticate(user.username(), current).isEmpty()) {
            throw Refusal.invalidFields("invalid_password", "the current password is wrong", Map.of("current", "is wrong"));
        }
        validate(user.username(), fresh);
        String freshHash = passwords.hash(fresh);
        database.write(h -> h.createUpdate("UPDATE admin_users SET password_hash = :hash, updated_at = :now WHERE id = :id")
                .bind("hash", freshHash).bind("now", clock.millis()).bind("id", userId).execute());
    }

    public long count() {
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM admin_users").mapTo(Long.class).one());
    }

    public List<AdminUser> list() {
        return database.read(h -> h.createQuery("SELECT id, username, totp_enabled, created_at FROM admin_users ORDER BY id")
                .map((rs, ctx) -> new AdminUser(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4))).list());
    }

    public Optional<AdminUser> find(long id) {
        return database.read(h -> h.createQuery("SELECT id, username, totp_enabled, created_at FROM admin_users WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new AdminUser(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4))).findOne());
    }

    public AdminUser require(long id) {
        return find(id).orElseThrow(() -> Refusal.notFound("user_not_found", "no admin user " + id));
    }

    private static Optional<AdminUser> findByName(Handle h, String name) {
        return h.createQuery("SELECT id, username, totp_enabled, created_at FROM admin_users WHERE username = :name")
                .bind("name", name)
                .map((rs, ctx) -> new AdminUser(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4))).findOne();
    }

    // --- TOTP -----------------------------------------------------------------------------------

    /**
     * Starts enrolment: a new secret is stored sealed but not yet required; returns it to show once.
     * Refused (409) while TOTP is on: turning it off takes the password, so a borrowed session cannot.
     */
    public String beginTotp(long userId) {
        String secret = Totp.newSecret();
        int updated = database.write(h -> h.createUpdate("UPDATE admin_users SET totp_sealed = :sealed, updated_at = :now "
                        + "WHERE id = :id AND totp_enabled = FALSE")
                .bind("sealed", box.sealText(secret, totpData(userId))).bind("now", clock.millis()).bind("id", userId).execute());
        if (updated != 1) {
            throw Refusal.conflict("totp_enabled", "two-step verification is on already; turn it off first");
        }
        return secret;
    }

    /** Finishes enrolment with a code from the app; returns fresh recovery codes (shown once), or empty if the code is wrong. */
    public Optional<List<String>> confirmTotp(long userId, String code) {
        return database.write(h -> {
            Optional<String> sealed = h.createQuery("SELECT totp_sealed FROM admin_users WHERE id = :id AND totp_enabled = FALSE")
                    .bind("id", userId).mapTo(String.class).findOne();
            if (sealed.isEmpty() || sealed.get() == null) {
                return Optional.empty();
            }
            long step = Totp.matchingStep(box.openText(sealed.get(), totpData(userId)), code, clock.millis());
            if (step < 0) {
                return Optional.empty();
            }
            h.createUpdate("UPDATE admin_users SET totp_enabled = TRUE, totp_last_step = :step, updated_at = :now WHERE id = :id")
                    .bind("step", step).bind("now", clock.millis()).bind("id", userId).execute();
            return Optional.of(newRecoveryCodes(h, userId));
        });
    }

    public void disableTotp(long userId) {
        database.write(h -> {
            h.createUpdate("UPDATE admin_users SET totp_sealed = NULL, totp_enabled = FALSE, updated_at = :now WHERE id = :id")
                    .bind("now", clock.millis()).bind("id", userId).execute();
            return h.createUpdate("DELETE FROM admin_recovery_codes WHERE user_id = :id").bind("id", userId).execute();
        });
    }

    /**
     * Checks a second factor: a TOTP code not used before, or an unused recovery code (which is then
     * spent). Both checks and the bookkeeping happen in one write transaction, so a code races nobody.
     */
    public boolean verifySecondFactor(long userId, String code) {
        if (code == null || code.isBlank() || code.length() > 64) {
            return false;
        }
        return database.write(h -> {
            var row = h.createQuery("SELECT totp_sealed, totp_last_step FROM admin_users WHERE id = :id AND totp_enabled = TRUE")
                    .bind("id", userId).mapToMap().findOne();
            if (row.isEmpty()) {
                return false;
            }
            String secret = box.openText((String) row.get().get("totp_sealed"), totpData(userId));
            long lastStep = ((Number) row.get().get("totp_last_step")).longValue();
            long step = Totp.matchingStep(secret, code, clock.millis());
            if (step > lastStep) {
                h.createUpdate("UPDATE admin_users SET totp_last_step = :step WHERE id = :id")
                        .bind("step", step).bind("id", userId).execute();
                return true;
            }
            String normalised = code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
            return h.createUpdate("UPDATE admin_recovery_codes SET used_at = :now "
                            + "WHERE user_id = :id AND code_hash = :hash AND used_at IS NULL")
                    .bind("now", clock.millis()).bind("id", userId).bind("hash", hash.hex("admin-recovery:" + normalised))
                    .execute() == 1;
        });
    }

    public long unusedRecoveryCodes(long userId) {
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM admin_recovery_codes WHERE user_id = :id AND used_at IS NULL")
                .bind("id", userId).mapTo(Long.class).one());
    }

    private List<String> newRecoveryCodes(Handle h, long userId) {
        h.createUpdate("DELETE FROM admin_recovery_codes WHERE user_id = :id").bind("id", userId).execute();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String raw = Tokens.random().substring(0, 10).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
            String code = raw.substring(0, 5) + "-" + raw.substring(5);
            codes.add(code);
            h.createUpdate("INSERT INTO admin_recovery_codes (user_id, code_hash) VALUES (:id, :hash)")
                    .bind("id", userId).bind("hash", hash.hex("admin-recovery:" + code.replace("-", ""))).execute();
        }
        return codes;
    }

    private static String totpData(long userId) {
        return "admin-totp:" + userId;
    }

    // --- first admin ------------------------------------------------------------------------------

    /**
     * While no admin exists, makes a new one-time setup code (replacing any older one) and returns it
     * for the operator's console. Only its keyed hash is stored.
     */
    public Optional<String> issueSetupCode() {
        return database.write(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM admin_users").mapTo(Long.class).one() > 0) {
                return Optional.empty();
            }
            String code = Tokens.digits(4) + "-" + Tokens.digits(4) + "-" + Tokens.digits(4);
            // One statement, not a delete and an insert: nodes starting together on PostgreSQL each
            // deleted nothing and then raced to insert row 1, and the loser failed its start.
            h.createUpdate("INSERT INTO admin_setup (id, code_hash, created_at) VALUES (1, :hash, :now) "
                            + "ON CONFLICT (id) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at")
                    .bind("hash", hash.hex("admin-setup:" + code)).bind("now", clock.millis()).execute();
            return Optional.of(code);
        });
    }

    /**
     * Creates the first admin with the setup code (or the caller proved to hold an admin token).
     * Checked and created in one write transaction, so two racing set-ups make one admin.
     */
    public AdminUser createFirst(String setupCode, boolean holdsAdminToken, String username, String password) {
        return database.write(h -> {
            if (count() > 0) {
                throw new Refusal(Refusal.Kind.CONFLICT, "setup_done", "an admin exists already; sign in instead");
            }
            if (!holdsAdminToken && !isSetupCode(setupCode)) {
                throw new Refusal(Refusal.Kind.FORBIDDEN, "invalid_setup_code", "the setup code is wrong or was replaced by a newer one");
            }
            return create(username, password);
        });
    }

    /** Whether this is the current setup code (only while no admin exists). */
    public boolean isSetupCode(String code) {
        if (code == null || code.length() > 40) {
            return false;
        }
        String candidate = hash.hex("admin-setup:" + code.strip());
        return database.read(h -> h.createQuery("SELECT code_hash FROM admin_setup WHERE id = 1").mapTo(String.class).findOne())
                .map(stored -> java.security.MessageDigest.isEqual(stored.getBytes(), candidate.getBytes()))
                .orElse(false);
    }
}
