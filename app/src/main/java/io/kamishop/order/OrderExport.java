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
        String status = filter.status() == null ? null : filter.status().code();
        long after = 0;
        long written = 0;
        try {
            OrderCsv.writeHeader(out);
            while (true) {
                long from = after;
                List<Order> page = database.read(h -> h.attach(OrderDao.class).exportPage(status, filter.fromMillis(),
                        filter.toMillis(), filter.productId(), filter.channel(), from, PAGE));
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
        } catch (IOException e) {
            throw new UncheckedIOException("the export was interrupted", e);
        }
    }
}
