package io.kamishop.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Product kinds and the unit holds of every kind but card keys. */
@UseClasspathSqlLocator
@RegisterRowMapper(KindSpecMapper.class)
@RegisterConstructorMapper(UnitHold.class)
public interface KindDao {

    // find.sql is run through plain JDBC by InventoryService (FastSql): every payment reads its product's kind.

    @SqlQuery
    List<KindSpec> unitKinds();

    @SqlUpdate
    int insert(
            @Bind("productId") long productId,
            @Bind("kind") String kind,
            @Bind("maxUnits") Long maxUnits,
            @Bind("keyFormat") String keyFormat,
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
}
