package io.kamishop.inventory;

import io.kamishop.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** Product kinds and the unit holds of every kind but card keys. */
@UseClasspathSqlLocator
@RegisterRowMapper(KindDao.KindSpecMapper.class)
@RegisterConstructorMapper(UnitHold.class)
public interface KindDao {

    // find.sql is run through plain JDBC by InventoryService (FastSql): every payment reads its product's kind.

    @SqlQuery
    List<KindSpec> unitKinds();

    @SqlUpdate
    int insert(
            @Bind("productId") long productId,
            @Bind("kind") String kind,
            @Bind("maxUnits") @Nullable Long maxUnits,
            @Bind("keyFormat") @Nullable String keyFormat,
            @Bind("now") long now);

    @SqlUpdate
    int changeCap(@Bind("productId") long productId, @Bind("maxUnits") long maxUnits, @Bind("now") long now);

    @SqlUpdate
    int takeUnits(@Bind("productId") long productId, @Bind("quantity") int quantity, @Bind("now") long now);

    @SqlUpdate
    int giveBackUnits(@Bind("productId") long productId, @Bind("quantity") int quantity, @Bind("now") long now);

    @SqlUpdate
    int insertHold(
            @Bind("orderId") long orderId,
            @Bind("productId") long productId,
            @Bind("quantity") int quantity,
            @Bind("now") long now);

    @SqlQuery
    Optional<UnitHold> holdOf(@Bind("orderId") long orderId);

    @SqlUpdate
    int moveHold(
            @Bind("orderId") long orderId, @Bind("from") String from, @Bind("to") String to, @Bind("now") long now);

    @SqlQuery
    @KeyColumn("status")
    @ValueColumn("n")
    Map<String, Long> unitCounts(@Bind("productId") long productId);

    /** Reads a {@link KindSpec} by hand: looked up in every placing and paying transaction (see {@link Columns}). */
    final class KindSpecMapper implements RowMapper<KindSpec> {

        @Override
        public KindSpec map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new KindSpec(
                    rs.getLong("product_id"),
                    rs.getString("kind"),
                    Columns.nullableLong(rs, "max_units"),
                    rs.getLong("units_taken"),
                    rs.getString("key_format"));
        }
    }
}
