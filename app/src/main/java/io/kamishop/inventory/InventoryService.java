package io.kamishop.inventory;

import io.kamishop.api.KeyFormat;
import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Key stock: imports (sealed with AES-256-GCM, deduplicated by keyed fingerprint), counts, and the
 * three moves a key makes: available to reserved by an order, back to available when the order
 * expires, reserved to sold when it is paid. Every move is one conditional UPDATE whose row count is
 * checked, so the invariant {@code available + reserved + sold = imported} holds on any number of nodes.
 */
public final class InventoryService {

    private static final int MAX_REPORTED_PROBLEMS = 20;
    // Run by every payment on the serial write path, so through plain JDBC (see FastSql).
    private static final FastSql KIND = FastSql.of(KindDao.class, "find", "productId");
    private static final KindDao.KindSpecMapper KIND_ROWS = new KindDao.KindSpecMapper();
    private static final FastSql SELL_KEYS = FastSql.of(KeyDao.class, "sell", "orderId", "now");

    private final Database database;
    private final SecretBox box;
    private final KeyedHash fingerprints;
    private final Clock clock;
    /** Every order placed claims its keys with it, so through plain JDBC (see FastSql); its text depends on the dialect. */
    private final FastSql reserveKeys;

    public InventoryService(Database database, SecretBox box, KeyedHash fingerprints, Clock clock) {
        this.database = database;
        this.reserveKeys = FastSql.of(
                KeyDao.class,
                "reserve",
                Map.of("skipLocked", database.dialect().skipLocked()),
                "productId",
                "orderId",
                "quantity",
                "now");
        this.box = box;
        this.fingerprints = fingerprints;
        this.clock = clock;
    }

    /**
     * Imports one key per line. Stored in batches, each its own transaction of about a second
     * at most (see {@link KeyBatches}), so a huge upload does not hold the write lock for long and
     * orders keep flowing while it runs.
     */
    public ImportReport importKeys(long productId, InputStream text) {
        return importKeys(productId, text, KeyFormat.KeyCheck::accept);
    }

    /**
     * Imports with a key format's check (a {@link KeyFormat} plugin): each line it rejects counts as
     * rejected, each it accepts is stored as normalised, so spellings of one key dedupe. The check
     * runs outside any transaction: plugin code never holds the write lock.
     *
     * <p>Pipelined: while one batch is being inserted (on a thread of this import), the request thread
     * reads, fingerprints and seals the next one. At most one batch is stored at a time and in upload
     * order, so duplicates across batches are found exactly as before; memory stays at two batches.
     */
    public ImportReport importKeys(long productId, InputStream text, Function<String, KeyFormat.KeyCheck> format) {
        ProductKind kind = kindOf(productId).productKind();
        if (kind != ProductKind.KEYS && kind != ProductKind.SHARED) {
            // Keys on the shelf of a file, manual or generated product would never be sold, only mislead the counts.
            throw Refusal.invalid(
                    "wrong_kind", "product " + productId + " is of kind '" + kind.code() + "' and takes no keys");
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        long rejected = 0;
        List<ImportReport.Problem> problems = new ArrayList<>();
        String associatedData = associatedData(productId);
        KeyBatches batches = new KeyBatches(batch -> storeBatch(productId, batch));
        try (batches;
                BufferedReader reader = new BufferedReader(new InputStreamReader(text, decoder), 1 << 16)) {
            KeyBatch batch = new KeyBatch(batches.nextCapacity());
            String line;
            long lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                Optional<String> key = KeyLines.normalise(line);
                if (key.isEmpty()) {
                    continue;
                }
                Optional<String> problem =
                        line.indexOf('\uFFFD') >= 0 ? Optional.of("is not valid UTF-8") : KeyLines.problem(key.get());
                if (problem.isEmpty()) {
                    KeyFormat.KeyCheck verdict = checked(format, key.get());
                    key = verdict.valid() ? KeyLines.normalise(verdict.normalised()) : Optional.empty();
                    problem = !verdict.valid()
                            ? Optional.of(verdict.reason())
                            : key.isEmpty() ? Optional.of("normalised to nothing") : KeyLines.problem(key.get());
                }
                if (problem.isPresent()) {
                    rejected++;
                    if (problems.size() < MAX_REPORTED_PROBLEMS) {
                        problems.add(new ImportReport.Problem(lineNo, problem.get()));
                    }
                    continue;
                }
                batch.add(
                        fingerprints.bytes(key.get()),
                        box.seal(key.get().getBytes(StandardCharsets.UTF_8), associatedData));
                if (batch.isFull()) {
                    batch.sortByFingerprint();
                    batches.store(batch);
                    batch = new KeyBatch(batches.nextCapacity());
                }
            }
            if (batch.size() > 0) {
                batch.sortByFingerprint();
                batches.store(batch);
            }
            batches.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the key upload failed", e);
        } catch (RuntimeException e) {
            // Batches commit one by one: when the disk fills part-way, the earlier ones are kept.
            // "Nothing was changed" would then be a lie; say exactly how many keys are on the shelf,
            // and that uploading the whole file again only adds the rest (duplicates are skipped).
            long kept = batches.stored();
            if (kept > 0 && io.kamishop.db.StorageOutage.isStorageRefusal(e)) {
                throw new Refusal(
                        Refusal.Kind.INTERRUPTED,
                        "import_interrupted",
                        "the store ran out of room part-way: "
                                + kept
                                + " new keys were stored, the rest were not; upload the same file again once there is room "
                                + "(keys already stored are skipped as duplicates)",
                        Map.of("stored", kept, "retryAfterSeconds", 30L));
            }
            throw e;
        }
        return new ImportReport(batches.stored(), batches.duplicates(), rejected, List.copyOf(problems));
    }

    private static KeyFormat.KeyCheck checked(Function<String, KeyFormat.KeyCheck> format, String key) {
        try {
            KeyFormat.KeyCheck verdict = format.apply(key);
            return verdict != null ? verdict : KeyFormat.KeyCheck.reject("the key format gave no verdict");
        } catch (RuntimeException e) {
            return KeyFormat.KeyCheck.reject("the key format failed on this line");
        }
    }

    /** Stores one batch in its own transaction; returns how many were new (the rest are duplicates). */
    private long storeBatch(long productId, KeyBatch batch) {
        long now = clock.millis();
        return database.write(tx -> NewKeys.insert(tx.connection(), database.dialect(), productId, batch, now));
    }

    /**
     * Stock of a product by its kind: card keys by state, or for the unit kinds the units held and sold
     * against the cap. A shared product without a key, or a file product without a file, has none available.
     */
    public StockCounts stock(long productId) {
        return database.read(tx -> {
            KindSpec spec = kindOf(tx, productId);
            if (!spec.productKind().countsUnits()) {
                Map<String, Long> counts = tx.dao(KeyDao.class).countByStatus(productId);
                return new StockCounts(
                        counts.getOrDefault("available", 0L),
                        counts.getOrDefault("reserved", 0L),
                        counts.getOrDefault("sold", 0L));
            }
            Map<String, Long> units = tx.dao(KindDao.class).unitCounts(productId);
            long held = units.getOrDefault("held", 0L);
            long sold = units.getOrDefault("sold", 0L);
            boolean supplied = isSupplied(tx, spec);
            if (spec.maxUnits() == null) {
                return new StockCounts(supplied ? StockCounts.UNLIMITED : 0, held, sold, supplied);
            }
            return new StockCounts(supplied ? Math.max(0, spec.maxUnits() - spec.unitsTaken()) : 0, held, sold, false);
        });
    }

    /**
     * Available units of a product, but at most {@code limit}: enough to tell whether stock is at or
     * below a threshold. For card keys it reads at most {@code limit} index entries instead of counting
     * the whole stock, so a check after every sale does not slow down as the merchant stocks more keys.
     */
    public long availableUpTo(long productId, long limit) {
        return database.read(tx -> {
            KindSpec spec = kindOf(tx, productId);
            if (!spec.productKind().countsUnits()) {
                return tx.dao(KeyDao.class).countAvailableUpTo(productId, limit);
            }
            return Math.min(limit, stock(productId).available());
        });
    }

    /** Units (keys, uses, copies) available per product id; products without any are absent. */
    public Map<Long, Long> availableByProduct() {
        return database.read(tx -> {
            Map<Long, Long> available = new HashMap<>(tx.dao(KeyDao.class).availableByProduct());
            Set<Long> withFiles = Set.copyOf(tx.dao(FileDao.class).productsWithFiles());
            for (KindSpec spec : tx.dao(KindDao.class).unitKinds()) {
                boolean supplied = switch (spec.productKind()) {
                    case SHARED -> available.getOrDefault(spec.productId(), 0L) > 0;
                    case FILE -> withFiles.contains(spec.productId());
                    default -> true;
                };
                long left = spec.maxUnits() == null ? StockCounts.UNLIMITED : spec.maxUnits() - spec.unitsTaken();
                if (supplied && left > 0) {
                    available.put(spec.productId(), left);
                } else {
                    available.remove(spec.productId());
                }
            }
            return available;
        });
    }

    /** The kind of a product and its unit rules; a product without a recorded kind is card keys. */
    public KindSpec kindOf(long productId) {
        return database.read(tx -> kindOf(tx, productId));
    }

    /** Within the caller's transaction: {@link #kindOf(long)}. */
    public KindSpec kindOf(Tx tx, long productId) {
        return kindSpec(tx, productId);
    }

    /** A product's kind and unit rules; card keys when none are recorded (products from before kinds). */
    static KindSpec kindSpec(Tx tx, long productId) {
        return KIND.first(tx, KIND_ROWS, productId).orElseGet(() -> KindSpec.keys(productId));
    }

    /** Within the transaction that creates the product: records its kind and unit rules. */
    public void defineKind(
            Tx tx, long productId, ProductKind kind, @Nullable Long maxUnits, @Nullable String keyFormat) {
        tx.dao(KindDao.class).insert(productId, kind.code(), maxUnits, keyFormat, clock.millis());
    }

    /**
     * Changes the cap ({@code maxUses}) of a shared, file, manual or generated product. 422 for card keys,
     * a cap out of range, or one below the units pending, paid and delivered orders already have.
     */
    public void changeCap(long productId, long maxUses) {
        KindSpec spec = kindOf(productId);
        KindDraft.of(spec.kind(), maxUses, spec.keyFormat()); // the same field rules as on create
        if (database.write(tx -> tx.dao(KindDao.class).changeCap(productId, maxUses, clock.millis())) != 1) {
            throw Refusal.invalidFields(
                    "invalid_product",
                    "the product is not valid",
                    Map.of(
                            "maxUses",
                            "must be at least the " + kindOf(productId).unitsTaken()
                                    + " unit(s) orders already hold or bought"));
        }
    }

    /**
     * Within the caller's transaction: holds {@code quantity} units for the order, or none at all.
     * Card keys: that many distinct keys. Other kinds: that many units of the cap, taken by one
     * conditional UPDATE, so a limited shared key is never sold more often than its {@code maxUses}.
     */
    public boolean reserve(Tx tx, long productId, long orderId, int quantity) {
        KindSpec spec = kindOf(tx, productId);
        if (spec.productKind().countsUnits()) {
            return reserveUnits(tx, spec, orderId, quantity);
        }
        int claimed = reserveKeys.update(tx, productId, orderId, quantity, clock.millis());
        if (claimed > quantity) {
            throw new IllegalStateException("claimed " + claimed + " keys for an order of " + quantity);
        }
        return claimed == quantity;
    }

    private boolean reserveUnits(Tx tx, KindSpec spec, long orderId, int quantity) {
        KindDao kinds = tx.dao(KindDao.class);
        long now = clock.millis();
        if (!isSupplied(tx, spec) || kinds.takeUnits(spec.productId(), quantity, now) != 1) {
            return false;
        }
        kinds.insertHold(orderId, spec.productId(), quantity, now);
        return true;
    }

    /** Whether a unit kind has what it delivers: a shared key, an uploaded file. */
    private static boolean isSupplied(Tx tx, KindSpec spec) {
        return switch (spec.productKind()) {
            case SHARED -> !tx.dao(KeyDao.class).sharedKeys(spec.productId()).isEmpty();
            case FILE -> tx.dao(FileDao.class).latest(spec.productId()).isPresent();
            default -> true;
        };
    }

    /** Within the caller's transaction: gives an order's held keys or units back to stock; returns how many. */
    public int release(Tx tx, long orderId) {
        int keys = tx.dao(KeyDao.class).release(orderId, clock.millis());
        // An order holds card keys or units of a cap, never both (see reserve): no unit hold to look for.
        return keys > 0 ? keys : moveUnits(tx, orderId, "released");
    }

    /** Within the caller's transaction: marks an order's held keys or units sold; returns how many. */
    public int sell(Tx tx, long orderId) {
        int keys = SELL_KEYS.update(tx, orderId, clock.millis());
        return keys > 0 ? keys : moveUnits(tx, orderId, "sold");
    }

    /** Moves a held unit hold on; only the move away from {@code held} can give units back, so it happens once. */
    private int moveUnits(Tx tx, long orderId, String to) {
        KindDao kinds = tx.dao(KindDao.class);
        UnitHold hold = kinds.holdOf(orderId).orElse(null);
        long now = clock.millis();
        if (hold == null || kinds.moveHold(orderId, "held", to, now) != 1) {
            return 0;
        }
        if (to.equals("released") && kinds.giveBackUnits(hold.productId(), hold.quantity(), now) != 1) {
            throw new IllegalStateException(
                    "product " + hold.productId() + " had fewer units taken than order " + orderId + " held");
        }
        return hold.quantity();
    }

    /** Within the caller's transaction: the shared keys of a shared product, in plaintext. Never log them. */
    public List<String> sharedKeys(Tx tx, long productId) {
        return open(tx.dao(KeyDao.class).sharedKeys(productId));
    }

    /**
     * Within the delivery's transaction: stores keys a generator made for the order, sealed and already
     * sold to it. Returns the ones stored; a key the product has had before is left out (never sold twice).
     */
    public List<String> storeSold(Tx tx, long productId, long orderId, List<String> keys) {
        KeyDao dao = tx.dao(KeyDao.class);
        List<String> stored = new ArrayList<>();
        long now = clock.millis();
        for (String key : keys) {
            Optional<String> normal = key == null ? Optional.empty() : KeyLines.normalise(key);
            if (normal.isEmpty() || KeyLines.problem(normal.get()).isPresent()) {
                continue;
            }
            byte[] sealed = box.seal(normal.get().getBytes(StandardCharsets.UTF_8), associatedData(productId));
            if (dao.insertSold(productId, fingerprints.bytes(normal.get()), sealed, orderId, now) == 1) {
                stored.add(normal.get());
            }
        }
        return stored;
    }

    /** The order a key of this product was sold to (its id), if it was sold: for revoking licences of refunded orders. */
    public Optional<Long> orderOfSoldKey(long productId, @Nullable String key) {
        Optional<String> normal = key == null ? Optional.empty() : KeyLines.normalise(key);
        if (normal.isEmpty() || KeyLines.problem(normal.get()).isPresent()) {
            return Optional.empty();
        }
        byte[] fingerprint = fingerprints.bytes(normal.get());
        return database.read(tx -> tx.dao(KeyDao.class).orderOfSoldKey(productId, fingerprint));
    }

    /** The plaintext keys sold to an order, in a stable order. Never log what this returns. */
    public List<String> keysSoldTo(long orderId) {
        return open(database.read(tx -> tx.dao(KeyDao.class).soldTo(orderId)));
    }

    /** One sold key's text from its sealed bytes (an archived order's copy). Never log what this returns. */
    public String openSoldKey(long productId, byte[] sealed) {
        return new String(box.open(sealed, associatedData(productId)), StandardCharsets.UTF_8);
    }

    private List<String> open(List<KeyRow> rows) {
        List<String> keys = new ArrayList<>(rows.size());
        for (KeyRow row : rows) {
            keys.add(new String(box.open(row.sealed(), associatedData(row.productId())), StandardCharsets.UTF_8));
        }
        return keys;
    }

    /** The merchant's key list of a product: masked pages, search, removal of one unsold key. */
    public ProductKeys keys() {
        return new ProductKeys(database, box, fingerprints);
    }

    /** Binds a sealed key to its product: a ciphertext moved to another product's row will not open. */
    static String associatedData(long productId) {
        return "card-key:" + productId;
    }
}
