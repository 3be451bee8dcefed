package io.kamishop.affiliate;

import io.kamishop.checkout.Referrals;
import io.kamishop.config.StoreSettings;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Requester;
import io.kamishop.order.Order;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.PlacementStep;
import io.kamishop.order.PriceQuote;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Joining as an affiliate, following a referral link, and attributing a placed order: the one policy
 * behind the storefront's {@code ?ref=} links, the API's {@code ref} field, the buyer's account and the
 * Telegram bot's {@code /start <code>} deep link.
 *
 * <p>An order is attributed to the code it came with, or else to the affiliate that referred the signed-in
 * buyer's account within the merchant's window. A buyer never earns from their own orders: an order whose
 * account or e-mail address is the affiliate's own is not attributed, silently (no error tells anyone who
 * owns a code).
 */
public final class Affiliates implements Referrals, PlacementStep {

    /** One visitor's clicks on one affiliate's link count once within this window (reloads, back and forth). */
    static final Duration CLICK_WINDOW = Duration.ofHours(24);

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
        return database.write(tx -> {
            AffiliateDao dao = tx.dao(AffiliateDao.class);
            Optional<Affiliate> existing = dao.affiliateOfAccount(buyerAccountId);
            if (existing.isPresent()) {
                return existing.get();
            }
            Long parent = dao.referrerOfAccount(buyerAccountId, clock.millis()).orElse(null);
            // Eight characters of 32: a clash is rare, and the unique code column turns one into another try.
            for (int attempt = 0; attempt < 5; attempt++) {
                String code = newCode();
                if (dao.affiliateByCode(code).isEmpty()
                        && dao.insertAffiliate(buyerAccountId, code, parent, clock.millis()) == 1) {
                    break;
                }
            }
            return dao.affiliateOfAccount(buyerAccountId).orElseThrow();
        });
    }

    public Optional<Affiliate> ofAccount(long buyerAccountId) {
        return database.read(tx -> tx.dao(AffiliateDao.class).affiliateOfAccount(buyerAccountId));
    }

    /** The affiliate a code names; empty for a malformed or unknown one. */
    public Optional<Affiliate> byCode(@Nullable String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Optional.empty();
        }
        return database.read(tx -> tx.dao(AffiliateDao.class).affiliateByCode(code.toUpperCase(Locale.ROOT)));
    }

    /** How long a link keeps a buyer attributed (the merchant's setting). */
    public Duration window() {
        return Duration.ofDays(settings.getInt(StoreSettings.AFFILIATE_WINDOW_DAYS));
    }

    /**
     * A buyer followed {@code code}'s link on the storefront: one click counted (once per visitor within
     * {@link #CLICK_WINDOW}; a browser that already carries this code's cookie is a repeat, whatever its address),
     * and a signed-in buyer's account is attributed to it for the window unless a live attribution to someone else
     * came first. Answers the affiliate, if the code is one.
     *
     * @param visitorAddress the client's address (only its hash is kept), or null when unknown
     * @param carriedCode    the referral code the browser's cookie already holds, or null
     */
    public Optional<Affiliate> followed(
            String code, @Nullable String visitorAddress, @Nullable String carriedCode, @Nullable Long buyerAccountId) {
        Optional<Affiliate> affiliate = byCode(code);
        affiliate.ifPresent(a -> database.write(tx -> {
            AffiliateDao dao = tx.dao(AffiliateDao.class);
            long now = clock.millis();
            boolean repeat = carriedCode != null && carriedCode.equalsIgnoreCase(a.code());
            if (!repeat) {
                countClick(dao, a, visitorAddress, now);
            }
            if (buyerAccountId != null && buyerAccountId != a.buyerAccountId()) {
                dao.referAccount(buyerAccountId, a.id(), now + window().toMillis(), now);
            }
            return null;
        }));
        return affiliate;
    }

    /**
     * A door without cookies (the Telegram bot's {@code /start <code>} deep link): the click is counted once per
     * requester within the click window, and a Telegram user is remembered for the merchant's window, so the
     * orders they place in the bot later are attributed, as a signed-in account's are.
     */
    @Override
    public void followed(String code, Requester requester) {
        Optional<Affiliate> affiliate = byCode(code);
        affiliate.ifPresent(a -> database.write(tx -> {
            AffiliateDao dao = tx.dao(AffiliateDao.class);
            long now = clock.millis();
            countClick(dao, a, requester.address(), now);
            if (requester.chat() != null) {
                dao.referChat(requester.chat().userId(), a.id(), now + window().toMillis(), now);
            }
            return null;
        }));
    }

    private static void countClick(AffiliateDao dao, Affiliate affiliate, @Nullable String visitorAddress, long now) {
        if (visitorAddress == null
                || dao.countClickOnce(affiliate.id(), visitorKey(visitorAddress), now, now - CLICK_WINDOW.toMillis())
                        == 1) {
            dao.countClick(affiliate.id());
        }
    }

    /** Forgets visitors whose last counted click is older than the click window (the sweeper calls it). */
    public int forgetOldClicks() {
        return database.write(
                tx -> tx.dao(AffiliateDao.class).forgetClicksBefore(clock.millis() - CLICK_WINDOW.toMillis()));
    }

    /**
     * The address is only needed for equality, so its SHA-256 is kept rather than the address. Unkeyed, so not a
     * secret (IPv4 is small enough to search); what bounds the exposure is that rows are forgotten after a day.
     */
    static String visitorKey(String address) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(address.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The attribution, written inside the transaction that writes the order and holds its stock (a placement
     * step): the order commits with it or not at all. The order is attributed to the code it came with, or else
     * to the affiliate that referred the signed-in account or the Telegram user within the merchant's window.
     */
    @Override
    public void placed(Tx tx, Order order, OrderRequest request, PriceQuote quote) {
        AffiliateDao dao = tx.dao(AffiliateDao.class);
        long now = clock.millis();
        String code = request.referralCode();
        Long buyerAccountId = request.buyerAccountId();
        Requester.ChatUser chat =
                request.requester() == null ? null : request.requester().chat();
        Optional<Affiliate> byCode = code == null || !CODE.matcher(code).matches()
                ? Optional.empty()
                : dao.affiliateByCode(code.toUpperCase(Locale.ROOT));
        Optional<Affiliate> affiliate = byCode;
        if (affiliate.isEmpty() && buyerAccountId != null) {
            affiliate = dao.referrerOfAccount(buyerAccountId, now).flatMap(dao::affiliateById);
        }
        if (affiliate.isEmpty() && chat != null) {
            affiliate = dao.referrerOfChat(chat.userId(), now).flatMap(dao::affiliateById);
        }
        if (affiliate.isEmpty() || isSelfReferral(affiliate.get(), order, buyerAccountId)) {
            return;
        }
        dao.insertAttribution(order.id(), affiliate.get().id(), now);
        if (buyerAccountId != null && byCode.isPresent()) {
            dao.referAccount(buyerAccountId, affiliate.get().id(), now + window().toMillis(), now);
        }
    }

    static boolean isSelfReferral(Affiliate affiliate, Order order, @Nullable Long buyerAccountId) {
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
