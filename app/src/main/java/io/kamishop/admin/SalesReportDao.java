package io.kamishop.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The dashboard's reads over orders and notifications. Paid means paid or delivered. */
@UseClasspathSqlLocator
public interface SalesReportDao {

    /** A paid order's currency, amount and creation time. */
    record Paid(String currency, long amount, long createdAt) {
    }

    @SqlQuery
    @RegisterRowMapper(TotalMapper.class)
    List<SalesReport.Total> paidTotalsSince(@Bind("from") long from);

    @SqlQuery
    @RegisterConstructorMapper(Paid.class)
    List<Paid> paidSince(@Bind("from") long from);

    @SqlQuery
    @RegisterRowMapper(AttentionMapper.class)
    List<SalesReport.Attention> needingAttention(@Bind("limit") int limit);

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
            return new SalesReport.Attention(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                    rs.getString(6), rs.getLong(7));
        }
    }
}
