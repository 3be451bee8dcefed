package io.kamishop.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.config.StoreSettings;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.delivery.SealedTexts;
import io.kamishop.domain.Refusal;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The order archive (issue 28): hot, warm and cold.
 *
 * <ul>
 *   <li><b>Warm.</b> {@link #moveDue} (a sweeper duty) takes final orders older than {@code archiveWarmAfterDays}
 *   with nothing left to do for them out of the hot tables, in batches. Each batch is one transaction that copies
 *   the order and every row that belongs to it into {@code archived_orders} and deletes them from the hot tables:
 *   a crash leaves either the whole batch hot or the whole batch archived, never both and never neither.</li>
 *   <li><b>Cold.</b> {@link #coolDue} writes warm orders older than {@code archiveColdAfterDays} into a segment
 *   (compressed, sealed) in a {@link SegmentStore}, reads it back and checks it, and only then, in one
 *   transaction, drops their documents and records the segment. A crash before that commit leaves an unused
 *   segment file and the orders still warm.</li>
 *   <li><b>Restore.</b> {@link #restore} brings a cold order's document back to warm; the buyer's look-up and
 *   order link do it on the way.</li>
 * </ul>
 *
 * Archived orders are read-only: nothing moves them again but the archive. Nothing here runs when an order is
 * placed, paid or delivered.
 */
public final class OrderArchive {

    /** The sweeper duty of both moves (one leader at a time). */
    public static final String DUTY = "order-archive";

    public static final int BATCH = 200;
    /** Per sweep at most this many batches, so a first run on a big store does not hold the sweeper for long. */
    public static final int BATCHES_PER_SWEEP = 25;

    /** An archived order as a buyer or the merchant sees it: the order, the keys that may be shown, where it lives. */
    public record Opened(Order order, List<String> keys, String tier) {}

    /**
     * The sizes of the three tiers: orders and bytes (hot: the tables' pages when the database says, else null).
     */
    public record Sizes(
            long hotOrders,
            @Nullable Long hotBytes,
            long warmOrders,
            long warmBytes,
            long coldOrders,
            long coldBytes,
            String coldStore) {}

    private final Database database;
    private final StoreSettings settings;
    private final SealedTexts sealedTexts;
    private final OrderService orders;
    private final ObjectMapper json;
    private final SegmentCodec codec;
    private final SegmentStores stores;
    private final Clock clock;
    /** Orders per transaction ({@link #BATCH} unless the operator set {@code KAMISHOP_ARCHIVE_BATCH_SIZE}). */
    private final int batch;
    /** Batches per move per sweep ({@link #BATCHES_PER_SWEEP} unless the operator set it). */
    private final int batchesPerSweep;

    /**
     * {@code batch}: orders per transaction, for the warm move and per cold segment. Smaller batches hold the
     * write lock for shorter (SQLite's single writer, a slow disk); the crash test uses them to see many commits
     * in one sweep. {@code batchesPerSweep}: at most this many batches of each move per sweep, so one sweep never
     * holds the sweeper for long; at 1, the batches are a sweep interval apart (the crash test watches them so).
     */
    public OrderArchive(
            Database database,
            StoreSettings settings,
            SealedTexts sealedTexts,
            OrderService orders,
            io.kamishop.crypto.SecretBox segmentBox,
            SegmentStores stores,
            Clock clock,
            int batch,
            int batchesPerSweep) {
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("the archive batch size must be 1 to 10000, not " + batch);
        }
        if (batchesPerSweep < 1 || batchesPerSweep > 10_000) {
            throw new IllegalArgumentException(
                    "the archive batches per sweep must be 1 to 10000, not " + batchesPerSweep);
        }
        this.batch = batch;
        this.batchesPerSweep = batchesPerSweep;
        this.database = database;
        this.settings = settings;
        this.sealedTexts = sealedTexts;
        this.orders = orders;
        this.json = new ObjectMapper();
        this.codec = new SegmentCodec(segmentBox, json);
        this.stores = stores;
        this.clock = clock;
    }

    /** The sweeper's run: warm first, then cold. */
    public void sweep() {
        moveDue();
        coolDue();
    }

    /** Moves what is due from hot to warm; returns how many orders moved. Off while {@code archiveWarmAfterDays} is 0. */
    public int moveDue() {
        return inBatches(StoreSettings.ARCHIVE_WARM_AFTER_DAYS, this::moveBatch);
    }

    /**
     * Runs {@code oneBatch} on the orders older than {@code afterDays} (off while it is 0) until a batch comes back
     * short or {@link #batchesPerSweep} batches ran; returns how many orders the batches took.
     */
    private int inBatches(
            StoreSettings.Definition afterDays, java.util.function.ToIntBiFunction<Long, Integer> oneBatch) {
        int days = settings.getInt(afterDays);
        if (days == 0) {
            return 0;
        }
        long before = clock.millis() - Duration.ofDays(days).toMillis();
        int taken = 0;
        for (int i = 0; i < batchesPerSweep; i++) {
            int done = oneBatch.applyAsInt(before, batch);
            taken += done;
            if (done < batch) {
                break;
            }
        }
        return taken;
    }

    /** One batch, one transaction: copy then delete. */
    int moveBatch(long before, int limit) {
        return database.write(tx -> {
            ArchiveDao dao = tx.dao(ArchiveDao.class);
            long now = clock.millis();
            int moved = 0;
            java.util.Set<Long> locked = new java.util.HashSet<>();
            for (long id : dao.warmCandidates(before, limit)) {
                Order order = orders.reload(tx, id);
                if (!database.dialect().singleWriter() && locked.add(order.productId())) {
                    dao.lockProduct(
                            order.productId()); // see lockProduct.sql: imports of this product wait for the move
                }
                OrderDocument.Taken taken = OrderDocument.take(dao, json, order);
                dao.insertArchived(order, taken.json(), taken.json().length(), now);
                for (Map<String, Object> key : taken.keys()) {
                    dao.insertArchivedKey(
                            ((Number) column(key, "product_id")).longValue(),
                            fingerprint(column(key, "fingerprint")),
                            id);
                }
                for (Map<String, Object> p : taken.passwords()) {
                    dao.insertArchivedPassword(
                            id,
                            (String) column(p, "email_lower"),
                            (String) column(p, "password_hash"),
                            ((Number) column(p, "created_at")).longValue());
                }
                moved++;
                afterCopy.accept(order);
            }
            return moved;
        });
    }

    /** A test's hook between one order's copy-and-delete and the batch's commit: a crash test fails the batch here. */
    private volatile java.util.function.Consumer<Order> afterCopy = order -> {};

    void afterEachCopy(java.util.function.Consumer<Order> hook) {
        this.afterCopy = hook;
    }

    /** A NOT NULL column of a row read as a map, whose {@code get} cannot say that the value is there. */
    private static Object column(Map<String, Object> row, String name) {
        return Objects.requireNonNull(row.get(name), name);
    }

    private static byte[] fingerprint(Object value) {
        // BYTEA on PostgreSQL and a BLOB in SQLite's CHAR column (V140): bytes on both; hex text from before V140 too.
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return java.util.HexFormat.of().parseHex(value.toString());
    }

    /** Writes warm orders older than {@code archiveColdAfterDays} to segments; returns how many went cold. */
    public int coolDue() {
        return inBatches(StoreSettings.ARCHIVE_COLD_AFTER_DAYS, this::coolBatch);
    }

    int coolBatch(long before, int limit) {
        List<ArchivedOrder> due = database.read(tx -> tx.dao(ArchiveDao.class).coldCandidates(before, limit));
        if (due.isEmpty()) {
            return 0;
        }
        Map<Long, String> documents = new LinkedHashMap<>();
        due.forEach(a -> documents.put(a.id(), a.warmDocument()));
        String name =
                "seg-" + clock.millis() + "-" + UUID.randomUUID().toString().substring(0, 8);
        SegmentStore store = stores.forWriting();
        byte[] bytes = codec.write(name, documents);
        String sha256 = SegmentCodec.sha256(bytes);
        store.put(name, bytes);
        // Read it back before anything is dropped: what the store returns must be what was written, and open.
        byte[] back = store.get(name);
        if (!Arrays.equals(back, bytes)
                || !SegmentCodec.sha256(back).equals(sha256)
                || !codec.read(name, back).equals(documents)) {
            throw new IllegalStateException(
                    "archive segment " + name + " did not read back as written; the orders stay warm");
        }
        return database.write(tx -> {
            ArchiveDao dao = tx.dao(ArchiveDao.class);
            int cooled = 0;
            for (ArchivedOrder a : due) {
                cooled += dao.markCold(a.id(), name);
            }
            dao.insertSegment(name, store.kind(), cooled, bytes.length, sha256, clock.millis());
            return cooled;
        });
    }

    /** The archived order with this number, warm or cold (a cold one is not brought back by this). */
    public Optional<ArchivedOrder> find(@Nullable String orderNo) {
        if (orderNo == null || orderNo.length() > 32) {
            return Optional.empty();
        }
        return database.read(tx -> tx.dao(ArchiveDao.class).byOrderNo(orderNo));
    }

    /**
     * The buyer's order link for an order no longer hot: the token must open it as it opened the hot order. A cold
     * order is brought back to warm on the way. Empty when there is no such archived order or the token is wrong.
     */
    public Optional<Opened> openForBuyer(String orderNo, @Nullable String token) {
        Optional<ArchivedOrder> found = find(orderNo);
        if (found.isEmpty() || !orders.tokenOpens(found.get().order(), token)) {
            return Optional.empty();
        }
        return Optional.of(open(found.get()));
    }

    /** The keys of an archived order as {@link DeliveryService#visibleKeys} shows them; empty when the order is not archived. */
    public Optional<List<String>> keysOf(Order order) {
        return database.read(tx -> tx.dao(ArchiveDao.class).byId(order.id())).map(a -> open(a).keys());
    }

    /** The archived order with this id, as an order (a look-up's match). */
    public Optional<Order> order(long id) {
        return database.read(tx -> tx.dao(ArchiveDao.class).byId(id)).map(ArchivedOrder::order);
    }

    /** The archived order with its keys; a cold one comes back to warm first. */
    public Opened open(ArchivedOrder archived) {
        ArchivedOrder warm = archived.cold() ? restore(archived) : archived;
        OrderDocument.SealedItems items = OrderDocument.sealedItems(json, warm.warmDocument());
        List<Map.Entry<Long, byte[]>> keys = items.keys().stream()
                .map(k -> (Map.Entry<Long, byte[]>) new AbstractMap.SimpleImmutableEntry<>(k.productId(), k.sealed()))
                .toList();
        return new Opened(
                warm.order(), sealedTexts.openArchived(warm.order(), items.delivered(), keys), ArchivedOrder.WARM);
    }

    /** The merchant's "restore": a cold order back to warm. Refused 404 when the order is not archived, 409 when it is not cold. */
    public ArchivedOrder restore(String orderNo) {
        ArchivedOrder archived =
                find(orderNo).orElseThrow(() -> Refusal.notFound("order_not_found", "no archived order " + orderNo));
        if (!archived.cold()) {
            throw Refusal.conflict("not_cold", "the order is not in cold storage");
        }
        return restore(archived);
    }

    private ArchivedOrder restore(ArchivedOrder cold) {
        Segment segment = database.read(tx -> tx.dao(ArchiveDao.class).segment(cold.coldSegment()))
                .orElseThrow(() ->
                        new IllegalStateException("archive segment " + cold.coldSegment() + " is not in the index"));
        byte[] bytes = stores.named(segment.store()).get(segment.name());
        if (!SegmentCodec.sha256(bytes).equals(segment.sha256())) {
            throw new IllegalStateException("archive segment " + segment.name() + " does not match its checksum");
        }
        String document = codec.read(segment.name(), bytes).get(cold.id());
        if (document == null) {
            throw new IllegalStateException("archive segment " + segment.name() + " lacks order " + cold.orderNo());
        }
        database.write(tx ->
                tx.dao(ArchiveDao.class).markWarm(cold.id(), document)); // 0 rows: restored meanwhile, same document
        return database.read(tx -> tx.dao(ArchiveDao.class).byId(cold.id())).orElseThrow();
    }

    /** The admin's search of archived orders, newest first; same kinds of text as the hot search. */
    public List<ArchivedOrder> search(@Nullable String status, @Nullable String text, int limit, long beforeId) {
        String q = text == null ? "" : text.strip();
        String lower = q.toLowerCase(Locale.ROOT);
        String pattern = q.isEmpty()
                ? ""
                : "%" + lower.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return database.read(tx ->
                tx.dao(ArchiveDao.class).search(status == null ? "" : status, q, lower, pattern, beforeId, limit));
    }

    public Sizes sizes() {
        return database.read(tx -> {
            ArchiveDao dao = tx.dao(ArchiveDao.class);
            Map<String, TierSize> tiers = new LinkedHashMap<>();
            dao.tierSizes().forEach(t -> tiers.put(t.tier(), t));
            TierSize warm = tiers.getOrDefault(ArchivedOrder.WARM, new TierSize(ArchivedOrder.WARM, 0, 0));
            TierSize cold = tiers.getOrDefault(ArchivedOrder.COLD, new TierSize(ArchivedOrder.COLD, 0, 0));
            Long hotBytes;
            try {
                hotBytes = database.dialect().singleWriter() ? dao.hotBytesSqlite() : dao.hotBytes();
            } catch (RuntimeException e) {
                hotBytes = null; // an SQLite built without the dbstat table: the count alone is shown
            }
            return new Sizes(
                    dao.hotOrders(),
                    hotBytes,
                    warm.orders(),
                    warm.bytes(),
                    cold.orders(),
                    dao.segmentBytes(),
                    stores.forWriting().kind());
        });
    }
}
