package io.kamishop.affiliate;

import io.kamishop.checkout.Referrals;
import io.kamishop.config.StoreSettings;
import io.kamishop.db.Database;
import io.kamishop.order.Order;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Joining as an affiliate, following a referral link, and attributing a placed order: the one policy
 * behind the storefront's {@code ?ref=} links, the API's {@code ref} field and the buyer's account.
 *
 * <p>An order is attributed to the code it came with, or else to the affiliate that referred the signed-in
 * buyer's account within the merchant's window. A buyer never earns from their own orders: an order whose
 * account or e-mail address is the affiliate's own is not attributed, silently (no error tells anyone who
 * owns a code).
 */
public final class Affiliates implements Referrals {

    static final Pattern CODE = Pattern.compile("[A-Za-z0-9]{4,32}");
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final StoreSettings settings;
    private final Clock clock;

    public Affiliates(Database database, StoreSettings settings, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
    }

    /** The account's affiliate, made on the first call (its parent is whoever referred the account, if anyone). */
    public Affiliate join(long buyerAccountId) {
        return database.write(h -> {
            AffiliateDao dao = h.attach(AffiliateDao.class);
            Optional<Affiliate> existing = dao.affiliateOfAccount(buyerAccountId);
            if (existing.isPresent()) {
                return existing.get();
            }
            Long parent = dao.referrerOfAccount(buyerAccountId, clock.millis()).orElse(null);
            // Eight characters of 32: a clash is rare, and the unique code column turns one into another try.
            for (int attempt = 0; attempt < 5; attempt++) {
                String code = newCode();
                if (dao.affiliateByCode(code).isEmpty() && dao.insertAffiliate(buyerAccountId, code, parent, clock.millis()) == 1) {
                    break;
                }
            }
            return dao.affiliateOfAccount(buyerAccountId).orElseThrow();
        });
    }

    public Optional<Affiliate> ofAccount(long buyerAccountId) {
        return database.read(h -> h.attach(AffiliateDao.class).affiliateOfAccount(buyerAccountId));
    }

    /** The affiliate a code names; empty for a malformed or unknown one. */
    public Optional<Affiliate> byCode(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Optional.empty();
        }
        return database.read(h -> h.attach(AffiliateDao.class).affiliateByCode(code.toUpperCase(Locale.ROOT)));
    }

    /** How long a link keeps a buyer attributed (the merchant's setting). */
    public Duration window() {
        return Duration.ofDays(settings.getInt(StoreSettings.AFFILIATE_WINDOW_DAYS));
    }

    /**
     * A buyer followed {@code code}'s link: one click counted, and a signed-in buyer's account is attributed to
     * it for the window unless a live attribution to someone else came first. Answers the affiliate, if the code is one.
     */
    public Optional<Affiliate> followed(String code, Long buyerAccountId) {
        Optional<Affiliate> affiliate = byCode(code);
        affiliate.ifPresent(a -> database.write(h -> {
            AffiliateDao dao = h.attach(AffiliateDao.class);
            dao.countClick(a.id());
            if (buyerAccountId != null && buyerAccountId != a.buyerAccountId()) {
                long now = clock.millis();
                dao.referAccount(buyerAccountId, a.id(), now + window().toMillis(), now);
            }
            return null;
        }));
        return affiliate;
    }

    @Override
    public void attribute(Order placed, String code, Long buyerAccountId) {
        Optional<Affiliate> byCode = byCode(code);
        database.write(h -> {
            AffiliateDao dao = h.attach(AffiliateDao.class);
            long now = clock.millis();
            Optional<Affiliate> affiliate = byCode.isPresent() ? byCode
                    : buyerAccountId == null ? Optional.empty()
                    : dao.referrerOfAccount(buyerAccountId, now).flatMap(dao::affiliateById);
            if (affiliate.isEmpty() || isSelfReferral(affiliate.get(), placed, buyerAccountId)) {
                return null;
            }
            dao.insertAttribution(placed.id(), affiliate.get().id(), now);
            if (buyerAccountId != null && byCode.isPresent()) {
                dao.referAccount(buyerAccountId, affiliate.get().id(), now + window().toMillis(), now);
            }
            return null;
        });
    }

    static boolean isSelfReferral(Affiliate affiliate, Order order, Long buyerAccountId) {
        return buyerAccountId != null && buyerAccountId == affiliate.buyerAccountId()
                || order.email() != null && order.email().strip().equalsIgnoreCase(affiliate.email());
    }

    private static String newCode() {
        char[] code = new char[8];
        for (int i = 0; i < code.length; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }
}
