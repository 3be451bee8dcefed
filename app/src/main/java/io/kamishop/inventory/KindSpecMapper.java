package io.kamishop.inventory;

import io.kamishop.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@link KindSpec} by hand: looked up in every placing and paying transaction (see {@link Columns}). */
public final class KindSpecMapper implements RowMapper<KindSpec> {

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
