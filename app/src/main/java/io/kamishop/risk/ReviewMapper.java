package io.kamishop.risk;

import io.kamishop.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@link Review} by hand: looked up in every paying transaction (see {@link Columns}). */
public final class ReviewMapper implements RowMapper<Review> {

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
