package io.kamishop.admin;

import io.kamishop.db.Database;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's read model over orders and notifications: revenue and order counts for today and
 * this month, daily sales for a chart, and payment notifications that need a look. Revenue counts
 * orders that were paid (paid or delivered); refunds and unpaid orders are left out.
 */
public final class SalesReport {

    /** Revenue and order count in one currency. */
    public record Total(String currency, long orders, long revenue) {}

    /** One day of the chart. */
    public record Day(LocalDate date, long orders, long revenue) {}

    /** A notification whose outcome needs the merchant: a late or a second payment (a refund is due). */
    public record Attention(
            String orderNo, String channel, String tradeNo, long amount, String currency, String outcome, long at) {}

    private final Database database;
    private final Clock clock;
    private final java.util.function.Supplier<ZoneId> zones;

    public SalesReport(Database database, Clock clock, ZoneId zone) {
        this(database, clock, () -> zone);
    }

    /** @param zones the store's time zone, read at each use (the merchant may change it) */
    public SalesReport(Database database, Clock clock, java.util.function.Supplier<ZoneId> zones) {
        this.database = database;
        this.clock = clock;
        this.zones = zones;
    }

    public List<Total> today() {
        // The day of the clock's instant in the store's zone; not LocalDate.now(clock.withZone(zone)),
        // which trusts every Clock to honour withZone (a fixed or test clock may keep its own zone).
        ZoneId zone = zone();
        return totalsSince(LocalDate.ofInstant(clock.instant(), zone)
                .atStartOfDay(zone)
                .toInstant()
                .toEpochMilli());
    }

    public List<Total> thisMonth() {
        ZoneId zone = zone();
        return totalsSince(LocalDate.ofInstant(clock.instant(), zone)
                .withDayOfMonth(1)
                .atStartOfDay(zone)
                .toInstant()
                .toEpochMilli());
    }

    private List<Total> totalsSince(long from) {
        return database.read(tx -> tx.dao(SalesReportDao.class).paidTotalsSince(from));
    }

    /** The last {@code days} days (oldest first) in the main currency (the one with the most revenue). */
    public Map<String, List<Day>> daily(int days) {
        // One zone for the whole chart: read once (not per slice), so a change of the setting while it
        // is drawn cannot put half of it in another zone.
        ZoneId zone = zone();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate first = today.minusDays(days - 1L);
        long from = first.atStartOfDay(zone).toInstant().toEpochMilli();
        Map<String, Map<LocalDate, long[]>> byCurrency = new LinkedHashMap<>();
        // Day buckets are made here from quarter-hour sums, not in SQL: date functions differ between
        // SQLite and PostgreSQL, and every zone's offset is whole quarter hours.
        for (SalesReportDao.Slice slice :
                database.read(tx -> tx.dao(SalesReportDao.class).paidPerSliceSince(from))) {
            LocalDate date = java.time.Instant.ofEpochMilli(slice.slice() * SalesReportDao.SLICE_MILLIS)
                    .atZone(zone)
                    .toLocalDate();
            long[] cell = byCurrency
                    .computeIfAbsent(slice.currency(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(date, d -> new long[2]);
            cell[0] += slice.count();
            cell[1] += slice.amount();
        }
        Map<String, List<Day>> out = new LinkedHashMap<>();
        byCurrency.forEach((currency, cells) -> {
            List<Day> series = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
                long[] cell = cells.getOrDefault(d, new long[2]);
                series.add(new Day(d, cell[0], cell[1]));
            }
            out.put(currency, series);
        });
        return out;
    }

    public List<Attention> needingAttention(int limit) {
        return database.read(tx -> tx.dao(SalesReportDao.class).needingAttention(limit));
    }

    /** Bars for a small server-drawn SVG chart: x, y, width, height in a 600x160 box, with labels. */
    public static List<Map<String, Object>> bars(List<Day> days) {
        long max = days.stream().mapToLong(Day::revenue).max().orElse(0);
        List<Map<String, Object>> bars = new ArrayList<>();
        double width = 600.0 / Math.max(1, days.size());
        for (int i = 0; i < days.size(); i++) {
            Day day = days.get(i);
            double height = max == 0 ? 0 : 140.0 * day.revenue() / max;
            Map<String, Object> bar = new LinkedHashMap<>();
            bar.put("x", String.format(java.util.Locale.ROOT, "%.1f", i * width + 1));
            bar.put("y", String.format(java.util.Locale.ROOT, "%.1f", 150 - height));
            bar.put("w", String.format(java.util.Locale.ROOT, "%.1f", Math.max(1, width - 2)));
            bar.put("h", String.format(java.util.Locale.ROOT, "%.1f", height));
            bar.put("day", day);
            bars.add(bar);
        }
        return bars;
    }

    private ZoneId zone() {
        return zones.get();
    }
}
