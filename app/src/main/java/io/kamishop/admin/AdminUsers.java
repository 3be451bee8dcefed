package io.kamishop.admin;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.PasswordHasher;
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
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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

    /** Creates an owner; see {@link #create(String, String, String)}. */
    public AdminUser create(@Nullable String username, @Nullable String password) {
        return create(username, password, null);
    }

    /**
     * Creates an admin with a role id ({@code owner}, {@code operator}, {@code support}, {@code viewer};
     * none means owner, as every admin was before roles); 422 {@code invalid_user} for a bad name, short
     * password or unknown role, 409 {@code username_taken}.
     */
    public AdminUser create(@Nullable String username, @Nullable String password, @Nullable String roleId) {
        String name = validate(username, password);
        StaffRole role =
                roleId == null ? StaffRole.OWNER : StaffRole.fromId(roleId).orElseThrow(() -> unknownRole(roleId));
        String passwordHash = passwords.hash(Objects.requireNonNull(password, "validate refuses a missing password"));
        long now = clock.millis();
        return database.write(tx -> {
            AdminUserDao users = tx.dao(AdminUserDao.class);
            if (users.byName(name).isPresent()) {
                throw Refusal.conflict("username_taken", "an admin named '" + name + "' exists already");
            }
            // The first admin runs the store: whatever was asked, nobody would be left to manage roles.
            StaffRole given = users.count() == 0 ? StaffRole.OWNER : role;
            long id = users.insert(name, passwordHash, now, given.id());
            // The first admin makes any printed setup code useless.
            users.forgetSetupCode();
            return new AdminUser(id, name, false, now, given);
        });
    }

    /**
     * Gives an admin another role; 409 {@code last_owner} when that would leave the store without an
     * owner (nobody could manage users, settings or plugins any more). Returns the user as they were.
     */
    public AdminUser changeRole(long userId, @Nullable String roleId) {
        StaffRole role = StaffRole.fromId(roleId).orElseThrow(() -> unknownRole(roleId));
        return database.write(tx -> {
            AdminUserDao users = tx.dao(AdminUserDao.class);
            AdminUser before =
                    users.byId(userId).orElseThrow(() -> Refusal.notFound("user_not_found", "no admin user " + userId));
            if (before.role() == StaffRole.OWNER && role != StaffRole.OWNER) {
                requireAnotherOwner(users, "demoted");
            }
            users.changeRole(userId, role.id(), clock.millis());
            return before;
        });
    }

    /** Removes an admin and signs them out everywhere; 409 {@code last_owner} for the last owner. */
    public AdminUser delete(long userId) {
        return database.write(tx -> {
            AdminUserDao users = tx.dao(AdminUserDao.class);
            AdminUser before =
                    users.byId(userId).orElseThrow(() -> Refusal.notFound("user_not_found", "no admin user " + userId));
            if (before.role() == StaffRole.OWNER) {
                requireAnotherOwner(users, "deleted");
            }
            users.deleteSessions(userId);
            users.deleteRecoveryCodes(userId);
            users.delete(userId);
            return before;
        });
    }

    private static void requireAnotherOwner(AdminUserDao users, String what) {
        users.lockOwners();
        if (users.countOwners() <= 1) {
            throw Refusal.conflict(
                    "last_owner", "the last owner cannot be " + what + "; make another admin an owner first");
        }
    }

    private static Refusal unknownRole(@Nullable String roleId) {
        return Refusal.invalidFields(
                "invalid_user",
                "the admin user is not valid",
                Map.of("role", "must be owner, operator, support or viewer, not '" + roleId + "'"));
    }

    private static String validate(@Nullable String username, @Nullable String password) {
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
    public Optional<AdminUser> authenticate(@Nullable String username, @Nullable String password) {
        if (username == null || password == null || password.length() > 1024) {
            return Optional.empty();
        }
        String name = username.strip().toLowerCase(Locale.ROOT);
        Optional<String> stored = database.read(tx -> tx.dao(AdminUserDao.class).passwordHash(name));
        boolean ok = passwords.verify(password, stored.orElse(decoyHash));
        return ok && stored.isPresent()
                ? database.read(tx -> tx.dao(AdminUserDao.class).byName(name))
                : Optional.empty();
    }

    public void changePassword(long userId, @Nullable String current, @Nullable String fresh) {
        AdminUser user = require(userId);
        if (authenticate(user.username(), current).isEmpty()) {
            throw Refusal.invalidFields(
                    "invalid_password", "the current password is wrong", Map.of("current", "is wrong"));
        }
        validate(user.username(), fresh);
        String freshHash = passwords.hash(Objects.requireNonNull(fresh, "validate refuses a missing password"));
        database.write(tx -> tx.dao(AdminUserDao.class).changePassword(userId, freshHash, clock.millis()));
    }

    public long count() {
        return database.read(tx -> tx.dao(AdminUserDao.class).count());
    }

    public List<AdminUser> list() {
        return database.read(tx -> tx.dao(AdminUserDao.class).all());
    }

    public Optional<AdminUser> find(long id) {
        return database.read(tx -> tx.dao(AdminUserDao.class).byId(id));
    }

    public AdminUser require(long id) {
        return find(id).orElseThrow(() -> Refusal.notFound("user_not_found", "no admin user " + id));
    }

    // --- TOTP -----------------------------------------------------------------------------------

    /**
     * Starts enrolment: a new secret is stored sealed but not yet required; returns it to show once.
     * Refused (409) while TOTP is on: turning it off takes the password, so a borrowed session cannot.
     */
    public String beginTotp(long userId) {
        String secret = Totp.newSecret();
        int updated = database.write(tx ->
                tx.dao(AdminUserDao.class).beginTotp(userId, box.sealText(secret, totpData(userId)), clock.millis()));
        if (updated != 1) {
            throw Refusal.conflict("totp_enabled", "two-step verification is on already; turn it off first");
        }
        return secret;
    }

    /** Finishes enrolment with a code from the app; returns fresh recovery codes (shown once), or empty if the code is wrong. */
    public Optional<List<String>> confirmTotp(long userId, @Nullable String code) {
        return database.write(tx -> {
            AdminUserDao users = tx.dao(AdminUserDao.class);
            Optional<String> sealed = users.pendingTotpSecret(userId);
            if (sealed.isEmpty()) {
                return Optional.empty();
            }
            long step = Totp.matchingStep(box.openText(sealed.get(), totpData(userId)), code, clock.millis());
            if (step < 0) {
                return Optional.empty();
            }
            users.enableTotp(userId, step, clock.millis());
            return Optional.of(newRecoveryCodes(users, userId));
        });
    }

    public void disableTotp(long userId) {
        database.write(tx -> {
            AdminUserDao users = tx.dao(AdminUserDao.class);
            users.disableTotp(userId, clock.millis());
            return users.deleteRecoveryCodes(userId);
        });
    }

    /**
     * Checks a second factor: a TOTP code not used before, or an unused recovery code (which is then
     * spent). Both checks and the bookkeeping happen in one write transaction, so a code races nobody.
     */
    public boolean verifySecondFactor(long userId, @Nullable String code) {
        if (code == null || code.isBlank() || code.length() > 64) {
            return false;
        }
        return database.write(tx -> {
            AdminUserDao users = tx.dao(AdminUserDao.class);
            Optional<AdminUserDao.EnabledTotp> row = users.enabledTotp(userId);
            if (row.isEmpty()) {
                return false;
            }
            String secret = box.openText(row.get().totpSealed(), totpData(userId));
            long step = Totp.matchingStep(secret, code, clock.millis());
            if (step > row.get().totpLastStep()) {
                users.useTotpStep(userId, step);
                return true;
            }
            String normalised = code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
            return users.spendRecoveryCode(userId, hash.hex("admin-recovery:" + normalised), clock.millis()) == 1;
        });
    }

    public long unusedRecoveryCodes(long userId) {
        return database.read(tx -> tx.dao(AdminUserDao.class).unusedRecoveryCodes(userId));
    }

    private List<String> newRecoveryCodes(AdminUserDao users, long userId) {
        users.deleteRecoveryCodes(userId);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String raw =
                    Tokens.random().substring(0, 10).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
            String code = raw.substring(0, 5) + "-" + raw.substring(5);
            codes.add(code);
            users.addRecoveryCode(userId, hash.hex("admin-recovery:" + code.replace("-", "")));
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
        return database.write(tx -> {
            AdminUserDao users = tx.dao(AdminUserDao.class);
            if (users.count() > 0) {
                return Optional.empty();
            }
            String code = Tokens.digits(4) + "-" + Tokens.digits(4) + "-" + Tokens.digits(4);
            // One statement, not a delete and an insert: nodes starting together on PostgreSQL each
            // deleted nothing and then raced to insert row 1, and the loser failed its start.
            users.putSetupCode(hash.hex("admin-setup:" + code), clock.millis());
            return Optional.of(code);
        });
    }

    /**
     * Creates the first admin with the setup code (or the caller proved to hold an admin token).
     * Checked and created in one write transaction, so two racing set-ups make one admin.
     */
    public AdminUser createFirst(
            @Nullable String setupCode, boolean holdsAdminToken, @Nullable String username, @Nullable String password) {
        return database.write(tx -> {
            if (count() > 0) {
                throw new Refusal(Refusal.Kind.CONFLICT, "setup_done", "an admin exists already; sign in instead");
            }
            if (!holdsAdminToken && !isSetupCode(setupCode)) {
                throw new Refusal(
                        Refusal.Kind.FORBIDDEN,
                        "invalid_setup_code",
                        "the setup code is wrong or was replaced by a newer one");
            }
            return create(username, password);
        });
    }

    /** Whether this is the current setup code (only while no admin exists). */
    public boolean isSetupCode(@Nullable String code) {
        if (code == null || code.length() > 40) {
            return false;
        }
        String candidate = hash.hex("admin-setup:" + code.strip());
        return database.read(tx -> tx.dao(AdminUserDao.class).setupCodeHash())
                .map(stored -> java.security.MessageDigest.isEqual(
                        stored.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .orElse(false);
    }
}
