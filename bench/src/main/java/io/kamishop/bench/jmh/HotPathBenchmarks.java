package io.kamishop.bench.jmh;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.inventory.InventoryService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-request work on the payment and delivery path, alone: sealing and opening a card key,
 * checking a gateway signature, and claiming keys for an order in SQLite.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmarks {

    /** Keys and inputs shared by the crypto benchmarks. */
    @State(Scope.Benchmark)
    public static class Crypto {
        SecretBox box;
        KeyedHash hash;
        byte[] cardKey;
        byte[] sealed;
        byte[] notificationBody;
        String signature;
        String token;
        String tokenHash;
        SecretKeySpec sandboxKey;

        @Setup
        public void setUp() throws GeneralSecurityException {
            SecureRandom random = new SecureRandom();
            byte[] key = new byte[32];
            random.nextBytes(key);
            box = new SecretBox(key);
            hash = new KeyedHash(key);
            cardKey = "STEAM-ABCDE-FGHIJ-KLMNO-PQRST".getBytes(StandardCharsets.UTF_8);
            sealed = box.seal(cardKey, "card-key:1");
            notificationBody = "{\"orderNo\":\"K20261125123456789\",\"amount\":990,\"tradeNo\":\"SBX0123456789abcdef\"}"
                    .getBytes(StandardCharsets.UTF_8);
            sandboxKey = new SecretKeySpec("bench-sandbox-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(sandboxKey);
            signature = HexFormat.of().formatHex(mac.doFinal(notificationBody));
            token = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
            tokenHash = hash.hex(token);
        }
    }

    @Benchmark
    public byte[] sealCardKey(Crypto c) {
        return c.box.seal(c.cardKey, "card-key:1");
    }

    @Benchmark
    public byte[] openCardKey(Crypto c) {
        return c.box.open(c.sealed, "card-key:1");
    }

    /** What a gateway notification costs to verify: HMAC-SHA256 of the body, constant-time compare (as the sandbox does). */
    @Benchmark
    public boolean verifyNotificationSignature(Crypto c) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(c.sandboxKey);
        byte[] expected =
                HexFormat.of().formatHex(mac.doFinal(c.notificationBody)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, c.signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** The buyer's lookup token check and the import's duplicate fingerprint: the store's keyed hash. */
    @Benchmark
    public boolean verifyLookupToken(Crypto c) {
        return c.hash.matches(c.token, c.tokenHash);
    }

    /** A real store database with stock; each claim runs in a transaction that is rolled back, so the stock never runs out. */
    @State(Scope.Benchmark)
    public static class Stock {
        Path dir;
        Database database;
        InventoryService inventory;
        Handle handle;
        Tx tx;
        long orderId;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            dir = Files.createTempDirectory("kamishop-jmh");
            database = Database.open("jdbc:sqlite:" + dir.resolve("jmh.db"));
            database.prepareSqlObjects(io.kamishop.inventory.KeyDao.class); // as the store does at start
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            inventory = new InventoryService(database, new SecretBox(key), new KeyedHash(key), Clock.systemUTC());
            long now = System.currentTimeMillis();
            database.jdbi()
                    .withHandle(h -> h.execute(
                            "INSERT INTO products (name, price, currency, created_at, updated_at) VALUES ('jmh', 100, 'CNY', ?, ?)",
                            now,
                            now));
            String keys = IntStream.range(0, 10_000).mapToObj(i -> "JMH-" + i).collect(Collectors.joining("\n"));
            inventory.importKeys(1, new java.io.ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)));
            // RETURNING: the store switches the SQLite driver's generated-keys query off (see Database).
            orderId = database.jdbi()
                    .withHandle(h -> h.createQuery("""
                    INSERT INTO orders (order_no, product_id, product_name, quantity, unit_price, amount, currency, email, channel,
                                        status, lookup_token_hash, created_at, expires_at, updated_at)
                    VALUES ('JMH1', 1, 'jmh', 1, 100, 100, 'CNY', 'b@example.com', 'sandbox', 'pending', 'x', ?, ?, ?)
                    RETURNING id""")
                            .bind(0, now)
                            .bind(1, now + 3_600_000)
                            .bind(2, now)
                            .mapTo(Long.class)
                            .one());
            handle = database.jdbi().open();
            tx = Tx.of(handle);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            handle.close();
            database.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Claiming one key for an order: the conditional UPDATE that makes a key belong to one order only. */
    @Benchmark
    public boolean claimKey(Stock s) {
        s.handle.begin();
        try {
            return s.inventory.reserve(s.tx, 1, s.orderId, 1);
        } finally {
            s.handle.rollback();
        }
    }
}
