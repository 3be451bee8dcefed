package io.kamishop.inventory;

import io.kamishop.api.KeyFormat;
import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Key stock: imports (sealed with AES-256-GCM, deduplicated by keyed fingerprint), counts, and the
 * three moves a key makes: available to reserved by an order, back to available when the order
 * expires, reserved to sold when it is paid. Every move is one conditional UPDATE whose row count is
 * checked, so the invariant {@code available + reserved + sold = imported} holds on any number of nodes.
 */
public final class InventoryService {

    private static final int BATCH = 2000;
    private static final int MAX_REPORTED_PROBLEMS = 20;

    private final Database database;
    private final SecretBox box;
    private final KeyedHash fingerprints;
    private final Clock clock;

    public InventoryService(Database database, SecretBox box, KeyedHash fingerprints, Clock clock) {
        this.database = database;
        this.box = box;
        this.fingerprints = fingerprints;
        this.clock = clock;
    }

    /**
     * Imports one key per line. Stored in batches of a few thousand, each its own transaction, so a
     * huge upload does not hold the write lock for long and orders keep flowing while it runs.
     */
    public ImportReport importKeys(long productId, InputStream text) {
        return importKeys(productId, text, KeyFormat.KeyCheck::accept);
    }

    /**
     * Imports with a key format's check (a {@link KeyFormat} plugin): each line it rejects counts as
     * rejected, each it accepts is stored as normalised, so spellings of one key dedupe. The check
     * runs outside any transaction: plugin code never holds the write lock.
     */
    public ImportReport importKeys(long productId, InputStream text, Function<String, KeyFormat.KeyCheck> format) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        long imported = 0;
        long duplicates = 0;
        long rejected = 0;
        List<ImportReport.Problem> problems = new ArrayList<>();
        List<String> batchFingerprints = new ArrayList<>(BATCH);
        List<byte[]> batchSealed = new ArrayList<>(BATCH);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(text, decoder), 1 << 16)) {
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
                Optional<String> problem = line.indexOf('\uFFFD') >= 0 ? Optional.of("is not valid UTF-8") : KeyLines.problem(key.get());
                if (problem.isEmpty()) {
                    KeyFormat.KeyCheck verdict = checked(format, key.get());
                    key = verdict.valid() ? KeyLines.normalise(verdict.normalised()) : Optional.empty();
                    problem = !verdict.valid() ? Optional.of(verdict.reason())
                            : key.isEmpty() ? Optional.of("normalised to nothing") : KeyLines.problem(key.get());
                }
                if (problem.isPresent()) {
                    rejected++;
                    if (problems.size() < MAX_REPORTED_PROBLEMS) {
                        problems.add(new ImportReport.Problem(lineNo, problem.get()));
                    }
                    continue;
                }
                batchFingerprints.add(fingerprints.hex(key.get()));
                batchSealed.add(box.seal(key.get().getBytes(StandardCharsets.UTF_8), associatedData(productId)));
                if (batchFingerprints.size() == BATCH) {
                    long stored = storeBatch(productId, batchFingerprints, batchSealed);
                    imported += stored;
                    duplicates += batchFingerprints.size() - stored;
                    batchFingerprints.clear();
                    batchSealed.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the key upload failed", e);
        }
        if (!batchFingerprints.isEmpty()) {
            long stored = storeBatch(productId, batchFingerprints, batchSealed);
            imported += stored;
            duplicates += batchFingerprints.size() - stored;
        }
        return new ImportReport(imported, duplicates, rejected, List.copyOf(problems));
    }

    private static KeyFormat.KeyCheck checked(Function<String, KeyFormat.KeyCheck> format, String key) {
        try {
            KeyFormat.KeyCheck verdict = format.apply(key);
            return verdict != null ? verdict : KeyFormat.KeyCheck.reject("the key format gave no verdict");
        } catch (RuntimeException e) {
            return KeyFormat.KeyCheck.reject("the key format failed on this line");
        }
    }

    private long storeBatch(long productId, List<String> batchFingerprints, List<byte[]> batchSealed) {
        long now = clock.millis();
        int[] counts = database.write(h -> h.attach(KeyDao.class).insertIfNew(productId, batchFingerprints, batchSealed, now));
        long stored = 0;
        for (int count : counts) {
            stored += count > 0 ? 1 : 0;
        }
        return stored;
    }

    public StockCounts stock(long productId) {
        Map<String, Long> counts = database.read(h -> h.attach(KeyDao.class).countByStatus(productId));
        return new StockCounts(counts.getOrDefault("available", 0L), counts.getOrDefault("reserved", 0L),
                counts.getOrDefault("sold", 0L));
    }

    /** Available keys per product id; products without any are absent. */
    public Map<Long, Long> availableByProduct() {
        return database.read(h -> h.attach(KeyDao.class).availableByProduct());
    }

    /** Within the caller's transaction: holds {@code quantity} keys for the order, or none at all. */
    public boolean reserve(Handle h, long productId, long orderId, int quantity) {
        int claimed = h.attach(KeyDao.class).reserve(productId, orderId, quantity, clock.millis());
        if (claimed > quantity) {
            throw new IllegalStateException("claimed " + claimed + " keys for an order of " + quantity);
        }
        return claimed == quantity;
    }

    /** Within the caller's transaction: gives an order's held keys back to stock. */
    public int release(Handle h, long orderId) {
        return h.attach(KeyDao.class).release(orderId, clock.millis());
    }

    /** Within the caller's transaction: marks an order's held keys sold; returns how many. */
    public int sell(Handle h, long orderId) {
        return h.attach(KeyDao.class).sell(orderId, clock.millis());
    }

    /** The plaintext keys sold to an order, in a stable order. Never log what this returns. */
    public List<String> keysSoldTo(long orderId) {
        List<KeyRow> rows = database.read(h -> h.attach(KeyDao.class).soldTo(orderId));
        List<String> keys = new ArrayList<>(rows.size());
        for (KeyRow row : rows) {
            keys.add(new String(box.open(row.sealed(), associatedData(row.productId())), StandardCharsets.UTF_8));
        }
        return keys;
    }

    /** Binds a sealed key to its product: a ciphertext moved to another product's row will not open. */
    static String associatedData(long productId) {
        return "card-key:" + productId;
    }
}
