package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sales reports over known orders on several days: days begin and end in the store's time zone
 * (an order at 00:30 in Shanghai is on the next day there, the day before in UTC), refunds count on
 * their own day, net is sales less refunds, and the JSON, the CSV and the page show the same figures.
 */
class SalesReportsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private record Shop(long first, long second) {}

    /**
     * 23:30 on 1 March in Shanghai: A (500, first product); an hour later, 00:30 on 2 March there but
     * still 1 March in UTC: B (700, second product); a day later: C (500, first product), refunded 200
     * at once; and one order never paid.
     */
    private static Shop orders(TestStore store, MutableClock clock) {
        long first = store.createProduct("Gift card", 500, "CNY");
        long second = store.createProduct("=HYPERLINK(\"http://evil\")", 700, "CNY");
        store.importKeys(first, List.of("F-1", "F-2", "F-3"));
        store.importKeys(second, List.of("S-1", "S-2"));
        paid(store, first, 500, "trade-a");
        clock.advance(Duration.ofHours(1));
        paid(store, second, 700, "trade-b");
        clock.advance(Duration.ofDays(1));
        String c = paid(store, first, 500, "trade-c");
        Http.Answer refund = store.http()
                .adminPostJson("/api/admin/orders/" + c + "/refund", Map.of("amount", 200, "reason", "goodwill"));
        assertThat(refund.status()).as(refund.body()).isEqualTo(200);
        assertThat(store.order(first, 1).status()).isEqualTo(201); // never paid: not a sale
        return new Shop(first, second);
    }

    private static String paid(TestStore store, long product, long amount, String trade) {
        Http.Answer placed = store.order(product, 1);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderNo = placed.json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, amount, trade).status()).isEqualTo(200);
        return orderNo;
    }

    private static MutableClock clock() {
        return new MutableClock(Instant.parse("2026-03-01T15:30:00Z"));
    }

    @Test
    void daysBeginAndEndInTheStoresTimeZoneWithRefundsOnTheirOwnDay() {
        MutableClock clock = clock();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            orders(store, clock);
            SalesFigures shanghai = new SalesFigures(store.app().database(), SHANGHAI);
            SalesFigures.Range days = new SalesFigures.Range(
                    LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-03"), SalesFigures.GroupBy.DAY);
            assertThat(shanghai.rows(days))
                    .containsExactly(
                            new SalesFigures.Row("2026-03-01", "2026-03-01", "CNY", 1, 500, 0, 0),
                            new SalesFigures.Row("2026-03-02", "2026-03-02", "CNY", 1, 700, 0, 0),
                            new SalesFigures.Row("2026-03-03", "2026-03-03", "CNY", 1, 500, 1, 200));
            assertThat(shanghai.rows(days).get(2).net()).isEqualTo(300);

            SalesFigures utc = new SalesFigures(store.app().database(), ZoneId.of("UTC"));
            assertThat(utc.rows(days))
                    .containsExactly(
                            new SalesFigures.Row("2026-03-01", "2026-03-01", "CNY", 2, 1200, 0, 0),
                            new SalesFigures.Row("2026-03-02", "2026-03-02", "CNY", 1, 500, 1, 200));

            // One day in Shanghai is exactly that day: B alone.
            SalesFigures.Range second = new SalesFigures.Range(
                    LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"), SalesFigures.GroupBy.DAY);
            assertThat(shanghai.rows(second))
                    .extracting(SalesFigures.Row::sales)
                    .containsExactly(700L);
        }
    }

    @Test
    void theDashboardChartSumsPaidOrdersIntoTheStoresDays() {
        MutableClock clock = clock();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            orders(store, clock);
            // A and B fall on 1 and 2 March in Shanghai, both on 1 March in UTC; C (refunded in part, still
            // a sale) on 2 March in UTC; D, never paid, is not on the chart.
            SalesReport shanghai = new SalesReport(store.app().database(), clock, SHANGHAI);
            assertThat(byDate(shanghai.daily(5).get("CNY")))
                    .containsEntry(LocalDate.parse("2026-03-01"), 500L)
                    .containsEntry(LocalDate.parse("2026-03-02"), 700L);
            SalesReport utc = new SalesReport(store.app().database(), clock, ZoneId.of("UTC"));
            assertThat(byDate(utc.daily(5).get("CNY")))
                    .containsExactly(
                            Map.entry(LocalDate.parse("2026-03-01"), 1200L),
                            Map.entry(LocalDate.parse("2026-03-02"), 500L));
        }
    }

    /**
     * The sums are kept per UTC quarter hour, so a zone whose midnight is not on a UTC hour still cuts
     * its days at its own midnight: A at 18:10 UTC is 1 March in Kathmandu (+5:45) and Kolkata (+5:30),
     * B an hour later is 2 March there; in UTC both are 1 March. Changing the zone needs no rebuild.
     */
    @Test
    void daysOfAZoneOffTheHourAreCutAtItsOwnMidnight() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T18:10:00Z"));
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            long product = store.createProduct("Gift card", 500, "CNY");
            store.importKeys(product, List.of("Q-1", "Q-2"));
            paid(store, product, 500, "trade-q1");
            clock.advance(Duration.ofHours(1));
            paid(store, product, 500, "trade-q2");
            SalesFigures.Range days = new SalesFigures.Range(
                    LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"), SalesFigures.GroupBy.DAY);
            for (String zone : List.of("Asia/Kathmandu", "Asia/Kolkata")) {
                assertThat(new SalesFigures(store.app().database(), ZoneId.of(zone)).rows(days))
                        .as(zone)
                        .containsExactly(
                                new SalesFigures.Row("2026-03-01", "2026-03-01", "CNY", 1, 500, 0, 0),
                                new SalesFigures.Row("2026-03-02", "2026-03-02", "CNY", 1, 500, 0, 0));
            }
            assertThat(new SalesFigures(store.app().database(), ZoneId.of("UTC")).rows(days))
                    .containsExactly(new SalesFigures.Row("2026-03-01", "2026-03-01", "CNY", 2, 1000, 0, 0));
            SalesReport kathmandu = new SalesReport(store.app().database(), clock, ZoneId.of("Asia/Kathmandu"));
            assertThat(kathmandu.today()).containsExactly(new SalesReport.Total("CNY", 1, 500));
            assertThat(kathmandu.thisMonth()).containsExactly(new SalesReport.Total("CNY", 2, 1000));
        }
    }

    private static Map<LocalDate, Long> byDate(List<SalesReport.Day> days) {
        Map<LocalDate, Long> revenue = new java.util.TreeMap<>();
        days.stream().filter(d -> d.revenue() > 0).forEach(d -> revenue.put(d.date(), d.revenue()));
        return revenue;
    }

    @Test
    void perProductAndPerChannelSumTheSameMoney() {
        MutableClock clock = clock();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            Shop shop = orders(store, clock);
            SalesFigures figures = new SalesFigures(store.app().database(), SHANGHAI);
            LocalDate from = LocalDate.parse("2026-02-28");
            LocalDate to = LocalDate.parse("2026-03-05");
            List<SalesFigures.Row> products =
                    figures.rows(new SalesFigures.Range(from, to, SalesFigures.GroupBy.PRODUCT));
            assertThat(products)
                    .containsExactlyInAnyOrder(
                            new SalesFigures.Row(Long.toString(shop.first()), "Gift card", "CNY", 2, 1000, 1, 200),
                            new SalesFigures.Row(
                                    Long.toString(shop.second()), "=HYPERLINK(\"http://evil\")", "CNY", 1, 700, 0, 0));
            List<SalesFigures.Row> channels =
                    figures.rows(new SalesFigures.Range(from, to, SalesFigures.GroupBy.CHANNEL));
            assertThat(channels).containsExactly(new SalesFigures.Row("sandbox", "sandbox", "CNY", 3, 1700, 1, 200));
            assertThat(SalesFigures.totals(products)).isEqualTo(SalesFigures.totals(channels));
            assertThat(SalesFigures.totals(products).get(0).net()).isEqualTo(1500);
        }
    }

    @Test
    void theApiTheCsvAndThePageShowTheFiguresAndRefuseABadRange() {
        MutableClock clock = clock();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            orders(store, clock);
            String range = "from=2026-02-27&to=2026-03-06";
            Http.Answer json = store.http().adminGet("/api/admin/reports/sales?" + range + "&groupBy=product");
            assertThat(json.status()).as(json.body()).isEqualTo(200);
            JsonNode totals = json.json().get("totals").get(0);
            assertThat(totals.get("sales").asLong()).isEqualTo(1700);
            assertThat(totals.get("refunded").asLong()).isEqualTo(200);
            assertThat(totals.get("net").asLong()).isEqualTo(1500);
            assertThat(json.json().get("rows")).hasSize(2);

            Http.Answer csv = store.http().adminGet("/api/admin/reports/sales.csv?" + range + "&groupBy=product");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.body())
                    .startsWith("key,label,currency,orders,sales,refunds,refunded,net\r\n")
                    .contains(",Gift card,CNY,2,10.00,1,2.00,8.00\r\n")
                    .contains("\"'=HYPERLINK(\"\"http://evil\"\")\"")
                    .endsWith("total,total,CNY,3,17.00,1,2.00,15.00\r\n");

            for (String bad : List.of(
                    "from=2026-03-05&to=2026-03-01",
                    "from=yesterday",
                    "groupBy=week",
                    "from=2020-01-01&to=2026-01-01")) {
                Http.Answer refused = store.http().adminGet("/api/admin/reports/sales?" + bad);
                assertThat(refused.status()).as(bad).isEqualTo(400);
                assertThat(refused.errorCode()).isEqualTo("invalid_range");
            }

            // Reports are orders' business: an orders token reads them, a catalogue token does not.
            store.http()
                    .adminPostJson(
                            "/api/admin/users",
                            Map.of("username", "reader", "password", "reports password", "role", "viewer"));
            AdminClient viewer = new AdminClient(store.baseUrl());
            assertThat(viewer.signIn("reader", "reports password").status()).isEqualTo(303);
            AdminClient.Page page = viewer.get("/admin/reports?" + range + "&groupBy=channel");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .contains("sandbox")
                    .contains("17.00")
                    .contains("15.00")
                    .contains("/admin/reports/sales.csv?");
            assertThat(viewer.get("/admin/reports?" + range + "&lang=zh-CN").body())
                    .contains("销售报表")
                    .contains("净额");
            AdminClient.Page pageCsv = viewer.get("/admin/reports/sales.csv?" + range + "&groupBy=channel");
            assertThat(pageCsv.body()).contains("sandbox,sandbox,CNY,3,17.00,1,2.00,15.00");
            assertThat(viewer.get("/admin/reports?from=nope").status()).isEqualTo(400);
        }
    }
}
