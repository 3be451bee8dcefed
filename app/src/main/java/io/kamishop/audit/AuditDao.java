package io.kamishop.audit;

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

@UseClasspathSqlLocator
@RegisterConstructorMapper(AuditLog.Entry.class)
@RegisterConstructorMapper(AuditDao.Pending.class)
@RegisterRowMapper(AuditDao.HeadMapper.class)
public interface AuditDao {

    /** The chain's head: how many entries it holds (the last sequence number) and the newest hash. */
    record Head(long seq, String hash) {}

    /** A committed entry not yet linked into the chain, numbered by the database. */
    record Pending(long id, long at, String actor, String action, String subject, String detail) {}

    /** By hand: read once per linking pass (see {@link io.kamishop.db.Columns}). */
    final class HeadMapper implements RowMapper<Head> {
        @Override
        public Head map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Head(rs.getLong("seq"), rs.getString("hash"));
        }
    }

    @SqlBatch
    void addPending(@BindMethods List<Pending> entries);

    @SqlQuery
    Head lockHead();

    @SqlQuery
    List<Pending> oldestPending(@Bind("limit") int limit);

    @SqlBatch
    void insert(@BindMethods List<AuditLog.Entry> entries);

    @SqlBatch
    void dropPending(@Bind("id") List<Long> ids);

    @SqlUpdate
    void moveHead(@Bind("seq") long seq, @Bind("hash") String hash);

    @SqlQuery
    Head head();

    @SqlQuery
    long pendingCount();

    @SqlQuery
    List<AuditLog.Entry> newestBefore(@Bind("before") long before, @Bind("limit") int limit);

    @SqlQuery
    List<AuditLog.Entry> oldestAfter(@Bind("after") long after, @Bind("upTo") long upTo, @Bind("limit") int limit);
}
