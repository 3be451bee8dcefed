package io.kamishop.admin;

import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The reports' figures: sales, refunds and net over a range of days in the store's time zone,
 * grouped per day, per product or per channel, one row per group and currency. Sales are orders
 * that received money (paid, delivered, or since refunded), counted on the day they were placed, as
 * the dashboard counts them; refunds are refunds that went out (succeeded or done by hand), on the
 * day they were made. The page, its CSV and {@code GET /api/admin/reports/sales} all read this.
 */
public final class SalesFigures {

    /** The longest range one request may ask for: a year and a day covers any "last year" question. */
    static final int MAX_DAYS = 367;

    public enum GroupBy {
        DAY,
        PRODUCT,
        CHANNEL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One group in one currency; {@code key} is the day (yyyy-mm-dd), the product id or the channel. */
    public record Row(String key, String label, String currency, long orders, long sales, long refunds, long refunded) {
        public long net() {
            return sales - refunded;
        }
    }

    /** What was asked, checked. */
    public record Range(LocalDate from, LocalDate to, GroupBy groupBy) {}

    private final Database database;
    private final java.util.function.Supplier<ZoneId> zones;

    public SalesFigures(Database database, ZoneId zone) {
        this(database, () -> zone);
    }

    /** @param zones the store's time zone, read at each use (the merchant may change it) */
    public SalesFigures(Database database, java.util.function.Supplier<ZoneId> zones) {
        this.database = database;
        this.zones = zones;
    }

    public ZoneId zone() {
        return zones.get();
    }

    /** Parses the request's {@code from}, {@code to} (inclusive days) and {@code groupBy}; 400 {@code invalid_range} when wrong. */
    public static Range range(@Nullable String from, @Nullable String to, @Nullable String groupBy, LocalDate today) {
        LocalDate end;
        LocalDate start;
        try {
            end = to == null || to.isBlank() ? today : LocalDate.parse(to.strip());
            start = from == null || from.isBlank() ? end.minusDays(29) : LocalDate.parse(from.strip());
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest("invalid_range", "from and to are days: yyyy-mm-dd");
        }
        if (start.isAfter(end)) {
            throw Refusal.badRequest("invalid_range", "from is after to");
        }
        if (start.plusDays(MAX_DAYS).isBefore(end.plusDays(1))) {
            throw Refusal.badRequest("invalid_range", "at most " + MAX_DAYS + " days at once");
        }
        GroupBy by;
        try {
            by = groupBy == null || groupBy.isBlank()
                    ? GroupBy.DAY
                    : GroupBy.valueOf(groupBy.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest("invalid_range", "groupBy is day, product or channel");
        }
        return new Range(start, end, by);
    }

    public List<Row> rows(Range range) {
        // One zone for the whole report, read once (not per slice): a change of the setting meanwhile
        // cannot split it between two zones.
        ZoneId zone = zone();
        long from = range.from().atStartOfDay(zone).toInstant().toEpochMilli();
        long to = range.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return database.read(tx -> {
            SalesReportDao dao = tx.dao(SalesReportDao.class);
            return switch (range.groupBy()) {
                case DAY -> perDay(zone, dao.salesPerSlice(from, to), dao.refundsPerSlice(from, to));
                case PRODUCT -> merge(dao.salesPerProduct(from, to), dao.refundsPerProduct(from, to));
                case CHANNEL -> merge(dao.salesPerChannel(from, to), dao.refundsPerChannel(from, to));
            };
        });
    }

    /**
     * The database sums per quarter hour (every zone's offset is a whole number of quarter hours, DST
     * included) and the days are made here in the store's zone: date functions differ between SQLite
     * and PostgreSQL, and at most 96 rows a day come back however many orders there were.
     */
    private static List<Row> perDay(ZoneId zone, List<SalesReportDao.Slice> sales, List<SalesReportDao.Slice> refunds) {
        Map<String, long[]> cells = new TreeMap<>();
        for (SalesReportDao.Slice s : sales) {
            long[] cell = cells.computeIfAbsent(day(zone, s.slice()) + " " + s.currency(), k -> new long[4]);
            cell[0] += s.count();
            cell[1] += s.amount();
        }
        for (SalesReportDao.Slice r : refunds) {
            long[] cell = cells.computeIfAbsent(day(zone, r.slice()) + " " + r.currency(), k -> new long[4]);
            cell[2] += r.count();
            cell[3] += r.amount();
        }
        List<Row> rows = new ArrayList<>();
        cells.forEach((key, c) -> {
            String day = key.substring(0, key.indexOf(' '));
            rows.add(new Row(day, day, key.substring(key.indexOf(' ') + 1), c[0], c[1], c[2], c[3]));
        });
        return rows;
    }

    private static String day(ZoneId zone, long slice) {
        return Instant.ofEpochMilli(slice * SalesReportDao.SLICE_MILLIS)
                .atZone(zone)
                .toLocalDate()
                .toString();
    }

    private static List<Row> merge(List<SalesReportDao.Group> sales, List<SalesReportDao.Group> refunds) {
        Map<String, Row> rows = new TreeMap<>();
        for (SalesReportDao.Group s : sales) {
            rows.put(
                    s.key() + "\u0000" + s.currency(),
                    new Row(s.key(), s.label(), s.currency(), s.count(), s.amount(), 0, 0));
        }
        for (SalesReportDao.Group r : refunds) {
            rows.merge(
                    r.key() + "\u0000" + r.currency(),
                    new Row(r.key(), r.label(), r.currency(), 0, 0, r.count(), r.amount()),
                    (a, b) -> new Row(
                            a.key(), a.label(), a.currency(), a.orders(), a.sales(), b.refunds(), b.refunded()));
        }
        return new ArrayList<>(rows.values());
    }

    /** Totals per currency over the rows. */
    public static List<Row> totals(List<Row> rows) {
        Map<String, long[]> by = new TreeMap<>();
        for (Row r : rows) {
            long[] c = by.computeIfAbsent(r.currency(), k -> new long[4]);
            c[0] += r.orders();
            c[1] += r.sales();
            c[2] += r.refunds();
            c[3] += r.refunded();
        }
        List<Row> out = new ArrayList<>();
        by.forEach((currency, c) -> out.add(new Row("total", "total", currency, c[0], c[1], c[2], c[3])));
        return out;
    }
}
