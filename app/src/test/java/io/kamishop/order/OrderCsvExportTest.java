package io.kamishop.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.admin.AdminClient;
import io.kamishop.db.Handles;
import io.kamishop.testing.TestStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code GET /api/admin/orders.csv}: exactly the filtered orders, safe cells, streamed, bad filters refused. */
class OrderCsvExportTest {

    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final long DAY = 86_400_000L;

    /** An order as the test stored it, to compute what each filter must select. */
    record Stored(String orderNo, String status, long productId, String channel, long createdAt) {}

    @Test
    void eachFilterAloneAndCombinedSelectsExactlyTheMatchingOrders() {
        try (TestStore store = TestStore.start()) {
            long game = store.createProduct("Game", 500, "CNY");
            long tool = store.createProduct("Tool", 900, "CNY");
            long day1 = LocalDate.of(2026, 11, 1).atStartOfDay(ZONE).toInstant().toEpochMilli();
            List<Stored> all = new ArrayList<>();
            String[] statuses = {"pending", "paid", "delivered", "expired", "refunded"};
            String[] channels = {"sandbox", "alipay", "stripe"};
            for (int i = 0; i < 60; i++) {
                // Spread over 5 days, with orders exactly on midnight to pin the day boundaries.
                long at = day1 + (i % 5) * DAY + (i % 2 == 0 ? 0 : (i * 997_000L) % DAY);
                all.add(new Stored(
                        "F" + i, statuses[i % 5 == 0 ? 0 : i % 5], i % 3 == 0 ? tool : game, channels[i % 3], at));
            }
            insert(store, all, "buyer@example.com", "Game");

            long nov2 = day1 + DAY;
            long nov4 = day1 + 3 * DAY;
            expectExactly(store, "", all, o -> true);
            expectExactly(store, "status=paid", all, o -> o.status().equals("paid"));
            expectExactly(store, "from=2026-11-02", all, o -> o.createdAt() >= nov2);
            expectExactly(store, "to=2026-11-03", all, o -> o.createdAt() < nov4);
            expectExactly(
                    store,
                    "from=2026-11-02&to=2026-11-02",
                    all,
                    o -> o.createdAt() >= nov2 && o.createdAt() < nov2 + DAY);
            expectExactly(
                    store,
                    "from=" + Instant.ofEpochMilli(nov2 + 3_600_000L),
                    all,
                    o -> o.createdAt() >= nov2 + 3_600_000L);
            expectExactly(store, "productId=" + tool, all, o -> o.productId() == tool);
            expectExactly(store, "channel=alipay", all, o -> o.channel().equals("alipay"));
            expectExactly(
                    store,
                    "status=delivered&from=2026-11-02&to=2026-11-04&productId=" + game + "&channel=stripe",
                    all,
                    o -> o.status().equals("delivered")
                            && o.createdAt() >= nov2
                            && o.createdAt() < nov4 + DAY
                            && o.productId() == game
                            && o.channel().equals("stripe"));
            expectExactly(store, "status=refunded&channel=nope", all, o -> false);
        }
    }

    @Test
    void aDateRangeLongerThanAPageHasEveryOrderOnceOldestFirstThoughIdsRunBackwards() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Ranged", 500, "CNY");
            long nov2 = LocalDate.of(2026, 11, 2).atStartOfDay(ZONE).toInstant().toEpochMilli();
            List<Stored> all = new ArrayList<>();
            int n = 2 * OrderExport.PAGE + 37;
            for (int i = 0; i < n; i++) {
                // Newest first, so ids run against time; every third order in one millisecond, a tie
                // wider than a page edge; the day's neighbours just outside the range.
                long at = i % 3 == 0 ? nov2 + 5_000 : nov2 + DAY - 1 - i;
                all.add(new Stored(String.format("R%05d", i), "delivered", product, "sandbox", at));
            }
            all.add(new Stored("BEFORE", "delivered", product, "sandbox", nov2 - 1));
            all.add(new Stored("AFTER", "delivered", product, "sandbox", nov2 + DAY));
            insert(store, all, "range@example.com", "Ranged");

            expectExactly(
                    store,
                    "from=2026-11-02&to=2026-11-02",
                    all,
                    o -> o.createdAt() >= nov2 && o.createdAt() < nov2 + DAY);
            List<Instant> times = store.http()
                    .adminGet("/api/admin/orders.csv?from=2026-11-02&to=2026-11-02")
                    .body()
                    .lines()
                    .skip(1)
                    .map(line -> Instant.parse(line.split(",")[1]))
                    .toList();
            assertThat(times).hasSize(n).isSorted();
        }
    }

    @Test
    void cellsAreQuotedAndFormulaCellsDefusedAndTheEmailMasked() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Plain", 500, "CNY");
            insert(
                    store,
                    List.of(new Stored("Q1", "paid", product, "sandbox", 1_000L)),
                    "=cmd|'/C calc'!A0@evil.example",
                    "=HYPERLINK(\"http://x\"),\"quoted\"\nsecond line");
            insert(
                    store,
                    List.of(new Stored("Q2", "paid", product, "sandbox", 2_000L)),
                    "alice@example.com",
                    "+SUM(1;2)");
            insert(store, List.of(new Stored("Q3", "paid", product, "sandbox", 3_000L)), "bob@example.com", "@x, -y");

            String csv = store.http().adminGet("/api/admin/orders.csv").body();

            assertThat(csv)
                    .startsWith(
                            "orderNo,createdAt,status,productId,productName,quantity,amount,fee,currency,channel,buyerEmail\r\n");
            assertThat(csv)
                    .contains(
                            "Q1,1970-01-01T00:00:01Z,paid," + product
                                    + ",\"'=HYPERLINK(\"\"http://x\"\"),\"\"quoted\"\"\nsecond line\",1,5.00,0.00,CNY,sandbox,'=***@evil.example\r\n");
            assertThat(csv).contains(",'+SUM(1;2),").contains(",\"'@x, -y\",");
            assertThat(csv)
                    .contains(",a***@example.com\r\n")
                    .contains(",b***@example.com\r\n")
                    .doesNotContain("alice")
                    .doesNotContain("calc");
        }
    }

    @Test
    void cellRulesCoverEveryFormulaLeadAndQuoting() {
        assertThat(OrderCsv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(OrderCsv.cell("+1")).isEqualTo("'+1");
        assertThat(OrderCsv.cell("-1")).isEqualTo("'-1");
        assertThat(OrderCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(OrderCsv.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(OrderCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(OrderCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(OrderCsv.cell("two\rlines")).isEqualTo("\"two\rlines\"");
        assertThat(OrderCsv.cell("plain 1-2")).isEqualTo("plain 1-2");
        assertThat(OrderCsv.major(990, "CNY")).isEqualTo("9.90");
        assertThat(OrderCsv.major(990, "JPY")).isEqualTo("990");
    }

    @Test
    void aLargeExportStreamsEveryRowInChunks() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Bulk", 500, "CNY");
            int n = 5_000;
            List<Stored> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(new Stored(String.format("B%05d", i), "delivered", product, "sandbox", 1_000_000L + i));
            }
            insert(store, all, "bulk@example.com", "Bulk");

            long started = System.nanoTime();
            var answer = store.http().adminGet("/api/admin/orders.csv?status=delivered");
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Content-Type")).startsWith("text/csv");
            // No Content-Length, chunked: the server did not hold the whole file before sending it.
            assertThat(answer.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
            assertThat(answer.headers().keySet().stream().map(String::toLowerCase))
                    .doesNotContain("content-length");
            List<String> lines = answer.body().lines().toList();
            assertThat(lines).hasSize(n + 1);
            assertThat(lines.subList(1, lines.size()).stream()
                            .map(l -> l.substring(0, l.indexOf(',')))
                            .collect(Collectors.toSet()))
                    .isEqualTo(all.stream().map(Stored::orderNo).collect(Collectors.toSet()));
            System.out.println("[csv] " + n + " orders exported in " + millis + " ms, "
                    + answer.body().length() + " chars");

            // The export holds one page of orders at a time: it hands rows on (flush) at least every page.
            PageWatchingWriter watched = new PageWatchingWriter();
            long written = new OrderExport(store.app().database())
                    .write(OrderExportFilter.parse("delivered", null, null, null, null, ZONE), watched);
            assertThat(written).isEqualTo(n);
            assertThat(watched.flushes).isGreaterThanOrEqualTo(n / OrderExport.PAGE);
            assertThat(watched.mostRowsBetweenFlushes).isLessThanOrEqualTo(OrderExport.PAGE + 1); // + the header line
        }
    }

    @Test
    void badFiltersAreA400WithTheJsonError() {
        try (TestStore store = TestStore.start()) {
            Map<String, String> bad = Map.of(
                    "status=shipped", "invalid_status",
                    "from=yesterday", "invalid_from",
                    "to=2026-13-01", "invalid_to",
                    "from=2026-11-05&to=2026-11-01", "invalid_range",
                    "productId=abc", "invalid_productId",
                    "productId=-3", "invalid_productId",
                    "channel=a%20b", "invalid_channel");
            bad.forEach((query, code) -> {
                var answer = store.http().adminGet("/api/admin/orders.csv?" + query);
                assertThat(answer.status()).as(query).isEqualTo(400);
                assertThat(answer.header("Content-Type")).as(query).startsWith("application/json");
                assertThat(answer.errorCode()).as(query).isEqualTo(code);
            });
            assertThat(store.http().get("/api/admin/orders.csv").status()).isEqualTo(401);
        }
    }

    @Test
    void theOrdersPageLinksTheExportOfItsStatusFilterInBothLanguages() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "clerk", "password", "clerk password 1"));
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("clerk", "clerk password 1").status()).isEqualTo(303);
            long product = store.createProduct("Linked", 500, "CNY");
            insert(
                    store,
                    List.of(
                            new Stored("L1", "paid", product, "sandbox", 1_000L),
                            new Stored("L2", "expired", product, "sandbox", 2_000L)),
                    "x@example.com",
                    "Linked");

            String en = browser.get("/admin/orders?status=paid&lang=en").body();
            assertThat(en)
                    .contains("href=\"/api/admin/orders.csv?status=paid\"")
                    .contains("Export these orders as CSV");
            String zh = browser.get("/admin/orders?status=paid&lang=zh-CN").body();
            assertThat(zh)
                    .contains("href=\"/api/admin/orders.csv?status=paid\"")
                    .contains("将这些订单导出为 CSV");
            // The link works with the admin's session (a GET: no CSRF token needed) and gives that filter.
            String csv = browser.get("/api/admin/orders.csv?status=paid").body();
            assertThat(csv.lines().skip(1).map(l -> l.substring(0, 2)).toList()).containsExactly("L1");
            // A text search is not part of the export: the page says so rather than export something else.
            assertThat(browser.get("/admin/orders?q=L1&lang=en").body())
                    .doesNotContain("id=\"export-csv\"")
                    .contains("id=\"export-csv-text-search\"");
        }
    }

    /** Counts the lines written between two flushes: how much the export held back at most. */
    private static final class PageWatchingWriter extends java.io.Writer {
        int rowsSinceFlush;
        int mostRowsBetweenFlushes;
        int flushes;

        @Override
        public void write(char[] buffer, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buffer[i] == '\n') {
                    rowsSinceFlush++;
                }
            }
        }

        @Override
        public void write(String text) {
            write(text.toCharArray(), 0, text.length());
        }

        @Override
        public void flush() {
            mostRowsBetweenFlushes = Math.max(mostRowsBetweenFlushes, rowsSinceFlush);
            rowsSinceFlush = 0;
            flushes++;
        }

        @Override
        public void close() {}
    }

    private static void expectExactly(TestStore store, String query, List<Stored> all, Predicate<Stored> selected) {
        var answer = store.http().adminGet("/api/admin/orders.csv?" + query);
        assertThat(answer.status()).as(query).isEqualTo(200);
        List<String> lines = answer.body().lines().toList();
        assertThat(lines.get(0)).startsWith("orderNo,");
        Set<String> got = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            got.add(line.substring(0, line.indexOf(',')));
        }
        Set<String> expected =
                all.stream().filter(selected).map(Stored::orderNo).collect(Collectors.toSet());
        if (!query.contains("nope")) {
            assertThat(expected)
                    .as(query + " selects some orders, so the test can tell")
                    .isNotEmpty();
        }
        assertThat(lines).as(query).hasSize(expected.size() + 1);
        assertThat(got).as(query).isEqualTo(expected);
    }

    private static void insert(TestStore store, List<Stored> orders, String email, String productName) {
        store.app().database().write(tx -> {
            var batch = Handles.of(tx)
                    .prepareBatch(
                            "INSERT INTO orders (order_no, product_id, product_name, quantity, unit_price, amount, currency, "
                                    + "email, channel, status, lookup_token_hash, created_at, expires_at, updated_at) VALUES (:no, :product, :name, 1, "
                                    + "500, 500, 'CNY', :email, :channel, :status, 'tx', :at, :at, :at)");
            for (Stored o : orders) {
                batch.bind("no", o.orderNo())
                        .bind("product", o.productId())
                        .bind("name", productName)
                        .bind("email", email)
                        .bind("channel", o.channel())
                        .bind("status", o.status())
                        .bind("at", o.createdAt())
                        .add();
            }
            return batch.execute();
        });
    }
}
