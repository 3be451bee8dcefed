package io.kamishop.reseller;

import io.kamishop.affiliate.Affiliates;
import io.kamishop.audit.AuditLog;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.order.Order;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.PlacementStep;
import io.kamishop.order.PriceQuote;
import io.kamishop.pricing.PricingService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Resellers (分站): applying, the merchant's decision, the sub-store's settings and markups, the API token, and the
 * markup every sub-store order is priced with. The one policy behind the buyer's account API, the admin API and
 * the sub-store: routes only translate.
 *
 * <p><b>Never below the merchant's price.</b> A markup is stored as what is added to the merchant's price (a
 * percentage or a fixed amount, never negative), not as a price of its own, and applied to the merchant's price
 * at the moment of sale. So when the merchant later raises the price, the sub-store's price rises with it: it
 * is always {@code max(merchant price, merchant price + markup)}, i.e. never below. A reseller who asks for a
 * price (rather than a markup) below the merchant's current price is refused with 422
 * {@code price_below_merchant}; a price at or above it is stored as the fixed difference.
 */
public final class Resellers implements PricingService.Markups, PlacementStep {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,30}[a-z0-9]");
    static final long MAX_PERCENT = 100_000; // 1000 %
    static final long MAX_FIXED = 100_000_000L;

    private final Database database;
    private final Affiliates affiliates;
    private final CatalogService catalog;
    private final Predicate<String> themeInstalled;
    private final KeyedHash tokenHash;
    private final AuditLog audit;
    private final Clock clock;

    public Resellers(
            Database database,
            Affiliates affiliates,
            CatalogService catalog,
            Predicate<String> themeInstalled,
            KeyedHash tokenHash,
            AuditLog audit,
            Clock clock) {
        this.database = database;
        this.affiliates = affiliates;
        this.catalog = catalog;
        this.themeInstalled = themeInstalled;
        this.tokenHash = tokenHash;
        this.audit = audit;
        this.clock = clock;
    }

    /** 422 for a bad slug or name; 409 {@code already_applied} or {@code slug_taken}. */
    public Reseller apply(long buyerAccountId, String slug, String name) {
        String s = slug == null ? "" : slug.strip().toLowerCase(Locale.ROOT);
        Map<String, String> problems = new LinkedHashMap<>();
        if (!SLUG.matcher(s).matches()) {
            problems.put("slug", "3 to 32 lower-case letters, digits and dashes, not starting or ending with a dash");
        }
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 80) {
            problems.put("name", "1 to 80 characters");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_reseller", "the application is not valid", problems);
        }
        return database.write(tx -> {
            ResellerDao dao = tx.dao(ResellerDao.class);
            if (dao.resellerOfAccount(buyerAccountId).isPresent()) {
                throw Refusal.conflict("already_applied", "this account has applied already");
            }
            if (dao.insertReseller(buyerAccountId, s, n, clock.millis()) == 0) {
                throw Refusal.conflict("slug_taken", "the address /s/" + s + "/ is taken");
            }
            Reseller r = dao.resellerOfAccount(buyerAccountId).orElseThrow();
            audit.append(tx, "buyer:" + buyerAccountId, "reseller.applied", r.slug(), n);
            return r;
        });
    }

    public Optional<Reseller> ofAccount(long buyerAccountId) {
        return database.read(tx -> tx.dao(ResellerDao.class).resellerOfAccount(buyerAccountId));
    }

    public Reseller require(long id) {
        return database.read(tx -> tx.dao(ResellerDao.class).resellerById(id))
                .orElseThrow(() -> Refusal.notFound("reseller_not_found", "no reseller " + id));
    }

    /** The sub-store at {@code /s/{slug}/}, if it sells (404 {@code store_not_found} for unknown, pending or suspended). */
    public Reseller requireSelling(String slug) {
        return Optional.ofNullable(slug)
                .filter(s -> SLUG.matcher(s).matches())
                .flatMap(s -> database.read(tx -> tx.dao(ResellerDao.class).resellerBySlug(s)))
                .filter(Reseller::selling)
                .orElseThrow(() -> Refusal.notFound("store_not_found", "there is no such sub-store"));
    }

    public List<Reseller> list(@Nullable String status, long beforeId, int limit) {
        String st = status == null ? "" : status;
        if (!st.isEmpty() && !st.matches("applied|approved|rejected|suspended")) {
            throw Refusal.badRequest("invalid_status", "status must be applied, approved, rejected or suspended");
        }
        return database.read(
                tx -> tx.dao(ResellerDao.class).resellers(st, beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit));
    }

    /**
     * The merchant's decision: {@code approve} (from applied), {@code reject} (from applied), {@code suspend} (from
     * approved), {@code reinstate} (from suspended). Approving gives the account an affiliate record, the holder of
     * the reseller's earnings accounts. 400 for an unknown action, 404 unknown, 409 {@code invalid_transition}.
     */
    public Reseller decide(long id, String action, String by) {
        String[] move = switch (action == null ? "" : action) {
            case "approve" -> new String[] {Reseller.APPLIED, Reseller.APPROVED};
            case "reject" -> new String[] {Reseller.APPLIED, Reseller.REJECTED};
            case "suspend" -> new String[] {Reseller.APPROVED, Reseller.SUSPENDED};
            case "reinstate" -> new String[] {Reseller.SUSPENDED, Reseller.APPROVED};
            default ->
                throw Refusal.badRequest("invalid_action", "action must be approve, reject, suspend or reinstate");
        };
        Reseller before = require(id);
        // Outside the decision's transaction: joining writes in its own (and is idempotent per account).
        Long affiliateId = "approve".equals(action)
                ? affiliates.join(before.buyerAccountId()).id()
                : null;
        return database.write(tx -> {
            ResellerDao dao = tx.dao(ResellerDao.class);
            if (dao.decide(id, move[0], move[1], affiliateId, by, clock.millis()) == 0) {
                throw Refusal.conflict(
                        "invalid_transition",
                        "reseller " + id + " is "
                                + dao.resellerById(id).orElseThrow().status() + " and cannot be " + action + "d");
            }
            audit.append(tx, by, "reseller." + action, before.slug(), "#" + id + " " + move[0] + " -> " + move[1]);
            return dao.resellerById(id).orElseThrow();
        });
    }

    /** The sub-store's name, announcement and theme (one of the installed themes, or '' for the store's own). */
    public Reseller updateStore(
            long buyerAccountId, @Nullable String name, @Nullable String announcement, @Nullable String theme) {
        Reseller me = mine(buyerAccountId);
        Map<String, String> problems = new LinkedHashMap<>();
        String n = name == null ? me.name() : name.strip();
        if (n.isEmpty() || n.length() > 80) {
            problems.put("name", "1 to 80 characters");
        }
        String a = announcement == null ? me.announcement() : announcement.strip();
        if (a.length() > 2000) {
            problems.put("announcement", "at most 2000 characters");
        }
        String t = theme == null ? me.theme() : theme.strip();
        if (!t.isEmpty() && !themeInstalled.test(t)) {
            problems.put("theme", "must be one of the installed themes");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_store", "the sub-store settings are not valid", problems);
        }
        return database.write(tx -> {
            ResellerDao dao = tx.dao(ResellerDao.class);
            dao.updateStore(me.id(), n, a, t);
            return dao.resellerById(me.id()).orElseThrow();
        });
    }

    /**
     * The reseller asks for a host name of its own ('' or null clears it). Stored unapproved: it serves only once the
     * merchant approves it ({@link #approveHost}), so a reseller alone can never take over a name the main store
     * answers to. 422 {@code invalid_host}; 409 {@code host_taken}.
     */
    public Reseller requestHost(long buyerAccountId, @Nullable String host) {
        Reseller me = mine(buyerAccountId);
        String wanted = SubStoreHost.normalise(host);
        if (java.util.Objects.equals(wanted, me.host())) {
            return me; // asking again for the same name keeps the merchant's approval
        }
        return storeHost(me, wanted, false, "buyer:" + buyerAccountId, "reseller.host.requested");
    }

    /**
     * The merchant sets (and so approves) a sub-store's host name ('' or null removes it); audited. The store still
     * answers to it only while it is on {@code KAMISHOP_ALLOWED_HOSTS}. 422 {@code invalid_host}, 409 {@code host_taken}.
     */
    public Reseller approveHost(long id, @Nullable String host, String by) {
        return storeHost(require(id), SubStoreHost.normalise(host), true, by, "reseller.host.approved");
    }

    private Reseller storeHost(Reseller r, @Nullable String host, boolean approved, String by, String action) {
        try {
            return database.write(tx -> {
                ResellerDao dao = tx.dao(ResellerDao.class);
                if (dao.setHost(r.id(), host, approved && host != null) == 0) {
                    throw Refusal.conflict("host_taken", "another sub-store has the host name " + host);
                }
                audit.append(tx, by, action, r.slug(), host == null ? "(none)" : host);
                return dao.resellerById(r.id()).orElseThrow();
            });
        } catch (RuntimeException e) {
            if (!Database.isStatementFailure(e)) {
                throw e;
            }
            // Two sub-stores asking for one name at once: the unique index lets one through.
            throw Refusal.conflict("host_taken", "another sub-store has the host name " + host);
        }
    }

    /** Every sub-store served at a host name of its own, by that name. */
    public Map<String, Reseller> servedHosts() {
        Map<String, Reseller> served = new LinkedHashMap<>();
        database.read(tx -> tx.dao(ResellerDao.class).resellersWithHost())
                .forEach(r -> r.servedHost().ifPresent(host -> served.put(host, r)));
        return served;
    }

    /**
     * Sets the markup of one product: {@code percent} (basis points) or {@code fixed} (minor units), or a
     * {@code price} the sub-store asks (stored as the fixed difference to the merchant's current price; 422
     * {@code price_below_merchant} when below it). 422 for a negative or absurd markup; 404 for an unknown product.
     */
    public Markup setMarkup(long buyerAccountId, long productId, String kind, long amount) {
        Reseller me = mine(buyerAccountId);
        Product product = catalog.find(productId)
                .filter(Product::active)
                .orElseThrow(
                        () -> Refusal.notFound("product_not_found", "there is no product " + productId + " on sale"));
        String k = kind == null ? "" : kind;
        long stored = amount;
        switch (k) {
            case "price" -> {
                if (amount < product.price()) {
                    throw new Refusal(
                            Refusal.Kind.INVALID,
                            "price_below_merchant",
                            "the sub-store price " + amount + " is below the merchant's price " + product.price(),
                            Map.of("merchantPrice", product.price()));
                }
                k = Markup.FIXED;
                stored = amount - product.price();
            }
            case Markup.PERCENT, Markup.FIXED -> {
                if (amount < 0) {
                    throw new Refusal(
                            Refusal.Kind.INVALID,
                            "price_below_merchant",
                            "a markup cannot be negative: the sub-store never sells" + " below the merchant's price",
                            Map.of("merchantPrice", product.price()));
                }
            }
            default -> throw Refusal.invalid("invalid_markup", "kind must be percent, fixed or price");
        }
        if (stored > (Markup.PERCENT.equals(k) ? MAX_PERCENT : MAX_FIXED)) {
            throw Refusal.invalid("invalid_markup", "the markup is too large");
        }
        String finalKind = k;
        long finalAmount = stored;
        return database.write(tx -> {
            ResellerDao dao = tx.dao(ResellerDao.class);
            dao.putMarkup(me.id(), productId, finalKind, finalAmount, clock.millis());
            return dao.markup(me.id(), productId).orElseThrow();
        });
    }

    public List<Markup> markups(long resellerId) {
        return database.read(tx -> tx.dao(ResellerDao.class).markups(resellerId));
    }

    /** The sub-store's price of one unit at the merchant's list price (what the sub-store's pages show). */
    public long shownPrice(long resellerId, Product product) {
        return database.read(tx -> Math.addExact(product.price(), perUnit(tx, resellerId, product, product.price())));
    }

    /** A new API token of scope {@code reseller} (earlier ones are revoked); shown once, only its keyed hash is stored. */
    public String newToken(long buyerAccountId) {
        Reseller me = mine(buyerAccountId);
        if (!me.selling()) {
            throw Refusal.conflict("not_approved", "the merchant has not approved this reseller");
        }
        String token = "rs_" + Tokens.random();
        database.write(tx -> {
            ResellerDao dao = tx.dao(ResellerDao.class);
            dao.revokeTokens(me.id(), clock.millis());
            dao.insertToken(me.id(), tokenHash.hex(token), clock.millis());
            audit.append(tx, "buyer:" + buyerAccountId, "reseller.token", me.slug(), "");
            return null;
        });
        return token;
    }

    /** The selling reseller a token belongs to; 401 {@code invalid_token} for anything else (a suspended reseller too). */
    public Reseller byToken(@Nullable String token) {
        return Optional.ofNullable(token)
                .filter(t -> t.startsWith("rs_") && t.length() < 100)
                .flatMap(t -> database.read(tx -> tx.dao(ResellerDao.class).resellerOfToken(tokenHash.hex(t))))
                .map(this::require)
                .filter(Reseller::selling)
                .orElseThrow(() -> new Refusal(
                        Refusal.Kind.UNAUTHENTICATED, "invalid_token", "the reseller token is not valid", Map.of()));
    }

    Reseller mine(long buyerAccountId) {
        return ofAccount(buyerAccountId)
                .orElseThrow(() -> Refusal.notFound(
                        "not_a_reseller",
                        "this account has not applied as a reseller; POST /api/account/reseller applies"));
    }

    @Override
    public long perUnit(Tx tx, long resellerId, Product product, long merchantUnitPrice) {
        ResellerDao dao = tx.dao(ResellerDao.class);
        if (dao.resellerById(resellerId).filter(Reseller::selling).isEmpty()) {
            throw Refusal.notFound("store_not_found", "there is no such sub-store");
        }
        return dao.markup(resellerId, product.id())
                .map(m -> Math.max(0, m.perUnit(merchantUnitPrice)))
                .orElse(0L);
    }

    /** Records the sub-store order's reseller and markup in the order's own transaction. */
    @Override
    public void placed(Tx tx, Order order, OrderRequest request, PriceQuote quote) {
        if (request.resellerId() != null) {
            tx.dao(ResellerDao.class)
                    .insertOrder(order.id(), request.resellerId(), quote.markup(), order.currency(), clock.millis());
        }
    }
}
