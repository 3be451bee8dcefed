package io.kamishop.risk;

import io.kamishop.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

@UseClasspathSqlLocator
@RegisterConstructorMapper(RecordedDecision.class)
@RegisterConstructorMapper(RuleCount.class)
@RegisterRowMapper(RiskDao.ReviewMapper.class)
public interface RiskDao {

    @SqlBatch
    void insertDecisions(@BindMethods List<RecordedDecision> decisions);

    @SqlQuery
    List<RecordedDecision> recentDecisions(@Bind("limit") int limit);

    /** Enforced blocks only (a shadow block refused nobody), newest first. */
    @SqlQuery
    List<RecordedDecision> recentBlocks(@Bind("limit") int limit);

    @SqlQuery
    List<RecordedDecision> decisionsForOrder(@Bind("orderNo") String orderNo);

    @SqlQuery
    List<RuleCount> ruleCounts();

    @SqlUpdate
    void insertReview(
            @Bind("orderId") long orderId,
            @Bind("orderNo") String orderNo,
            @Bind("reasons") String reasons,
            @Bind("now") long now);

    // findReview.sql is run through plain JDBC by Reviews (FastSql): on every payment's path.

    /** Forward-only: decides an open review; returns the rows changed (0 when someone decided first). */
    @SqlUpdate
    int decideReview(
            @Bind("orderId") long orderId, @Bind("status") String status, @Bind("by") String by, @Bind("now") long now);

    @SqlQuery
    List<Review> reviews(@Bind("status") @Nullable String status, @Bind("limit") int limit);

    /** Reads a {@link Review} by hand: looked up in every paying transaction (see {@link Columns}). */
    final class ReviewMapper implements RowMapper<Review> {

        @Override
        public Review map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Review(
                    rs.getLong("order_id"),
                    rs.getString("order_no"),
                    rs.getString("status"),
                    rs.getString("reasons"),
                    rs.getLong("created_at"),
                    Columns.nullableLong(rs, "decided_at"),
                    rs.getString("decided_by"));
        }
    }
}
