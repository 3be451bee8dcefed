package io.kamishop.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The dashboard's and the reports' reads over orders, refunds and notifications. */
@UseClasspathSqlLocator
public interface SalesReportDao {

    @SqlQuery
    @RegisterRowMapper(TotalMapper.class)
    List<SalesReport.Total> paidTotalsSince(@Bind("from") long from);

    /** Paid (or delivered) orders since {@code from}, summed per slice and currency. */
    @SqlQuery
    @RegisterRowMapper(SliceMapper.class)
    List<Slice> paidPerSliceSince(@Bind("from") long from);

    @SqlQuery
    @RegisterRowMapper(AttentionMapper.class)
    List<SalesReport.Attention> needingAttention(@Bind("limit") int limit);

    /** The width of a slice the database sums sales in: every zone's UTC offset is a whole number of them. */
    long SLICE_MILLIS = 900_000L;

    /** Count and amount of one quarter hour ({@code slice} = epoch millis / SLICE_MILLIS) in one currency. */
    record Slice(long slice, String currency, long count, long amount) {}

    /** Count and amount of one product or channel in one currency; {@code label} is the product's name or the channel. */
    record Group(String key, String label, String currency, long count, long amount) {}

    @SqlQuery
    @RegisterRowMapper(SliceMapper.class)
    List<Slice> salesPerSlice(@Bind("from") long from, @Bind("to") long to);

    @SqlQuery
    @RegisterRowMapper(SliceMapper.class)
    List<Slice> refundsPerSlice(@Bind("from") long from, @Bind("to") long to);

    @SqlQuery
    @RegisterRowMapper(GroupMapper.class)
    List<Group> salesPerProduct(@Bind("from") long from, @Bind("to") long to);

    @SqlQuery
    @RegisterRowMapper(GroupMapper.class)
    List<Group> refundsPerProduct(@Bind("from") long from, @Bind("to") long to);

    @SqlQuery
    @RegisterRowMapper(GroupMapper.class)
    List<Group> salesPerChannel(@Bind("from") long from, @Bind("to") long to);

    @SqlQuery
    @RegisterRowMapper(GroupMapper.class)
    List<Group> refundsPerChannel(@Bind("from") long from, @Bind("to") long to);

    /** Reads {@code slice, currency, count, amount} by position. */
    final class SliceMapper implements RowMapper<Slice> {
        @Override
        public Slice map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Slice(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /** Reads {@code key, label, currency, count, amount} by position. */
    final class GroupMapper implements RowMapper<Group> {
        @Override
        public Group map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Group(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5));
        }
    }

    /** Reads {@code currency, n, revenue}. */
    final class TotalMapper implements RowMapper<SalesReport.Total> {
        @Override
        public SalesReport.Total map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new SalesReport.Total(rs.getString("currency"), rs.getLong("n"), rs.getLong("revenue"));
        }
    }

    /** Reads the notification columns by position. */
    final class AttentionMapper implements RowMapper<SalesReport.Attention> {
        @Override
        public SalesReport.Attention map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new SalesReport.Attention(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getLong(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getLong(7));
        }
    }
}
