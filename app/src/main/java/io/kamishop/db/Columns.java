package io.kamishop.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Reading nullable number columns in hand-written row mappers. The hot rows (read in every order's
 * or payment's transaction) are mapped by hand instead of by JDBI's constructor mapper, which works
 * out its column-to-parameter plan again for every query: a profile of the write thread under load
 * put that at a quarter of a simple lookup's cost, more than SQLite's own.
 */
public final class Columns {

    private Columns() {}

    public static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public static @Nullable Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
