package io.kamishop.account;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Signing a buyer in by a one-time code mailed to their address: asking for a code is signing up too
 * (an account is its verified address, made at the first sign-in). Behind the buyer API and pages alike.
 *
 * <p>A code is six digits, lives {@link #CODE_LIFETIME}, is stored only as a keyed hash bound to the
 * address and allows {@link #GUESSES} guesses (counted by a conditional update, so nodes racing cannot
 * exceed them); an address gets at most {@link #CODES_PER_WINDOW} codes per {@link #CODE_WINDOW}, so
 * nobody can flood a mailbox or buy many sets of guesses. A one-in-a-million code with five guesses and
 * five codes a quarter hour gives a guesser about one chance in 40,000 per quarter hour and address.
 */
public final class BuyerSignIn {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    static final int GUESSES = 5;
    static final int CODES_PER_WINDOW = 5;
    static final Duration CODE_WINDOW = Duration.ofMinutes(15);
    static final Duration SESSION_LIFETIME = Duration.ofDays(30);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}");
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");

    private final Database database;
    private final KeyedHash hashes;
    private final SignInCodeMail mail;
    private final Clock clock;

    public BuyerSignIn(Database database, KeyedHash hashes, SignInCodeMail mail, Clock clock) {
        this.database = database;
        this.hashes = hashes;
        this.mail = mail;
        this.clock = clock;
    }

    /** Mails a fresh code to the address; 429 after {@link #CODES_PER_WINDOW} codes in {@link #CODE_WINDOW}. */
    public void sendCode(String email) {
        String address = address(email);
        long now = clock.millis();
        String code = Tokens.digits(6);
        long expiresAt = now + CODE_LIFETIME.toMillis();
        boolean issued = database.write(tx -> {
            AccountDao dao = tx.dao(AccountDao.class);
            if (dao.codesSince(address, now - CODE_WINDOW.toMillis()) >= CODES_PER_WINDOW) {
                return false;
            }
            dao.insertCode(address, codeHash(address, code), expiresAt, now);
            mail.owe(tx, address, code, expiresAt);
            return true;
        });
        if (!issued) {
            throw Refusal.rateLimited("too many codes for this address; try again later", CODE_WINDOW.toSeconds());
        }
    }

    /**
     * Signs in with the address's newest code and starts a session; the first sign-in makes the account.
     * 401 {@code invalid_code} for a wrong, used, expired or exhausted code (the guess counts either way).
     */
    public BuyerSession signIn(@Nullable String email, @Nullable String code) {
        String address = address(email);
        if (code == null || !CODE.matcher(code.strip()).matches()) {
            throw Refusal.badRequest("invalid_code", "the code is six digits");
        }
        long now = clock.millis();
        String token = Tokens.random();
        long expiresAt = now + SESSION_LIFETIME.toMillis();
        // A wrong guess is counted and committed before the refusal: the refusal is thrown outside the write.
        Optional<BuyerSession> session = database.write(tx -> {
            AccountDao dao = tx.dao(AccountDao.class);
            Optional<AccountDao.SignInCode> live = dao.liveCode(address, now, GUESSES);
            if (live.isEmpty()
                    || dao.countGuess(live.get().id(), GUESSES) == 0
                    || !hashes.matches(
                            codeMaterial(address, code.strip()), live.get().codeHash())
                    || dao.useCode(live.get().id(), now) == 0) {
                return Optional.<BuyerSession>empty();
            }
            dao.openAccount(address, now);
            BuyerAccount account = dao.byEmail(address).orElseThrow();
            dao.insertSession(sessionHash(token), account.id(), expiresAt, now);
            return Optional.of(new BuyerSession(token, account, expiresAt));
        });
        return session.orElseThrow(() -> new Refusal(
                Refusal.Kind.UNAUTHENTICATED,
                "invalid_code",
                "the code is wrong or no longer valid; ask for a new one",
                Map.of()));
    }

    /** The account a session token belongs to, while the session lasts. */
    public Optional<BuyerAccount> account(@Nullable String sessionToken) {
        if (sessionToken == null || sessionToken.isBlank() || sessionToken.length() > 100) {
            return Optional.empty();
        }
        return database.read(tx -> tx.dao(AccountDao.class).sessionAccount(sessionHash(sessionToken), clock.millis()));
    }

    public void signOut(@Nullable String sessionToken) {
        if (sessionToken != null && !sessionToken.isBlank() && sessionToken.length() <= 100) {
            database.write(tx -> tx.dao(AccountDao.class).deleteSession(sessionHash(sessionToken)));
        }
    }

    /** The account of a verified address, made on the spot (the merchant grants credit to an address). */
    public BuyerAccount accountOf(String email) {
        String address = address(email);
        return database.write(tx -> {
            AccountDao dao = tx.dao(AccountDao.class);
            dao.openAccount(address, clock.millis());
            return dao.byEmail(address).orElseThrow();
        });
    }

    /** The address in the form accounts are keyed by; 400 {@code invalid_email} otherwise. */
    static String address(@Nullable String email) {
        if (email == null
                || email.length() > 254
                || !EMAIL.matcher(email.strip()).matches()) {
            throw Refusal.badRequest("invalid_email", "email must be an e-mail address");
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private String codeHash(String address, String code) {
        return hashes.hex(codeMaterial(address, code));
    }

    private static String codeMaterial(String address, String code) {
        return "buyer-sign-in-code:" + address + ":" + code;
    }

    private String sessionHash(String token) {
        return hashes.hex("buyer-session:" + token);
    }
}
