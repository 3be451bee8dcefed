package io.kamishop.pricing;

import io.kamishop.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@link ProductPricingRow} by hand: looked up for every order placed (see {@link Columns}). */
public final class ProductPricingRowMapper implements RowMapper<ProductPricingRow> {

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
