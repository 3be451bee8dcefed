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
@RegisterRowMapper(AuditDao.HeadMapper.class)
public interface AuditDao {

    /** The chain's head after a reservation: the last sequence number reserved, the hash to chain from. */
    record Head(long seq, String hash) {
    }

    /** By hand: read once per write transaction (see {@link io.kamishop.db.Columns}). */
    final class HeadMapper implements RowMapper<Head> {
        @Override
        public Head map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Head(rs.getLong("seq"), rs.getString("hash"));
        }
    }

    @SqlQuery
    Head reserve(@Bind("n") int n);

    @SqlBatch
    void insert(@BindMethods List<AuditLog.Entry> entries);

    @SqlUpdate
    void moveHead(@Bind("hash") String hash);

    @SqlQuery
    String headHash();

    @SqlQuery
    List<AuditLog.Entry> newestBefore(@Bind("before") long before, @Bind("limit") int limit);

    @SqlQuery
    List<AuditLog.Entry> oldestAfter(@Bind("after") long after, @Bind("limit") int limit);
}
