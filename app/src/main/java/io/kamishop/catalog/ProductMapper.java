package io.kamishop.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a {@link Product} row by column name. Written out rather than JDBI's constructor mapper
 * because every order placed reads its product, and the reflective mapper works out its plan
 * again for every query (see {@code db.Columns}).
 */
public final class ProductMapper implements RowMapper<Product> {

    @Override
    public Product map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Product(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getLong("price"),
                rs.getString("currency"),
                rs.getBoolean("active"),
                rs.getString("category"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }
}
