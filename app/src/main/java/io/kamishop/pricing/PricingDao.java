package io.kamishop.pricing;

import io.kamishop.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(PriceTier.class)
public interface PricingDao {

    // rules.sql is run through plain JDBC by PricingService (FastSql): every order placed looks it up.

    @SqlQuery
    List<PriceTier> tiers(@Bind("productId") long productId);

    @SqlUpdate
    int updateRules(@BindMethods ProductPricingRow row);

    @SqlUpdate
    void insertRules(@BindMethods ProductPricingRow row);

    @SqlUpdate
    void deleteTiers(@Bind("productId") long productId);

    @SqlUpdate
    void insertTier(
            @Bind("productId") long productId, @Bind("minQuantity") int minQuantity, @Bind("unitPrice") long unitPrice);

    @SqlUpdate
    int lockRules(@Bind("productId") long productId);

    @SqlQuery
    long boughtBy(@Bind("productId") long productId, @Bind("email") String emailLowerCase);

    /** Reads a {@link ProductPricingRow} by hand: looked up for every order placed (see {@link Columns}). */
    final class ProductPricingRowMapper implements RowMapper<ProductPricingRow> {

        @Override
        public ProductPricingRow map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new ProductPricingRow(
                    rs.getLong("product_id"),
                    rs.getInt("min_quantity"),
                    Columns.nullableInt(rs, "max_quantity"),
                    Columns.nullableInt(rs, "per_buyer_limit"),
                    rs.getLong("updated_at"));
        }
    }
}
