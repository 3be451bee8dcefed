package io.kamishop.order;

import io.kamishop.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The CSV export of exactly the orders a filter selects, of any size: read a page at a time after
 * the last id written and flushed as it goes, so memory holds one page whatever the store's size,
 * and no read transaction stays open while a slow client downloads.
 */
public final class OrderExport {

    static final int PAGE = 500;

    private final Database database;

    public OrderExport(Database database) {
        this.database = database;
    }

    /** Writes the header and one row per order; returns how many orders were written. */
    public long write(OrderExportFilter filter, Writer out) {
        try {
            OrderCsv.writeHeader(out);
            Long from = filter.fromMillis();
            return from != null ? writeDateRange(filter, from, out) : writeById(filter, out);
        } catch (IOException e) {
            throw new UncheckedIOException("the export was interrupted", e);
        }
    }

    private long writeById(OrderExportFilter filter, Writer out) throws IOException {
        String status = filter.status() == null ? null : filter.status().code();
        long after = 0;
        long written = 0;
        while (true) {
            long from = after;
            List<Order> page = database.read(tx -> tx.dao(OrderDao.class)
                    .exportPage(
                            status,
                            filter.fromMillis(),
                            filter.toMillis(),
                            filter.productId(),
                            filter.channel(),
                            from,
                            PAGE));
            for (Order order : page) {
                OrderCsv.writeOrder(out, order);
                after = order.id();
            }
            written += page.size();
            out.flush();
            if (page.size() < PAGE) {
                return written;
            }
        }
    }

    /**
     * A date range, oldest first, a page at a time on the creation-time index from the last (time, id)
     * written: the cost follows the orders in the range, not the store's size. By id, a one-day export
     * walked every older order to reach the day (bench --scale: 5.8x slower at p99 with 100,000 orders).
     */
    private long writeDateRange(OrderExportFilter filter, long from, Writer out) throws IOException {
        String status = filter.status() == null ? null : filter.status().code();
        long to = filter.toMillis() == null ? Long.MAX_VALUE : filter.toMillis();
        long afterAt = Long.MIN_VALUE;
        long afterId = 0;
        long written = 0;
        while (true) {
            long at = afterAt;
            long id = afterId;
            List<Order> page = database.read(tx -> tx.dao(OrderDao.class)
                    .exportRangePage(
                            status, Math.max(from, at), to, filter.productId(), filter.channel(), at, id, PAGE));
            for (Order order : page) {
                OrderCsv.writeOrder(out, order);
                afterAt = order.createdAt();
                afterId = order.id();
            }
            written += page.size();
            out.flush();
            if (page.size() < PAGE) {
                return written;
            }
        }
    }
}
