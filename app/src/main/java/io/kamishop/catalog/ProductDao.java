package io.kamishop.catalog;

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
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterRowMapper(ProductDao.ProductMapper.class)
public interface ProductDao {

    /** Returns the new row's id (RETURNING: the SQLite driver's generated-keys query is switched off, see Database). */
    @SqlQuery
    long insert(@BindMethods Product product);

    // find.sql is run through plain JDBC by CatalogService (FastSql): every order placed reads its product.

    @SqlQuery
    List<Product> listActive();

    @SqlQuery
    List<Product> listAll();

    /** One page of the products on sale matching a search; see search.sql for how buyer input is bound. */
    @SqlQuery
    List<Product> search(
            @Bind("category") String category,
            @Bind("pattern") String pattern,
            @Bind("sort") String sort,
            @Bind("limit") int limit,
            @Bind("offset") int offset);

    @SqlQuery
    long countSearch(@Bind("category") String category, @Bind("pattern") String pattern);

    @SqlQuery
    @RegisterConstructorMapper(Category.class)
    List<Category> categories();

    @SqlUpdate
    int update(@BindMethods Product product);

    /**
     * Reads a {@link Product} row by column name. Written out rather than JDBI's constructor mapper
     * because every order placed reads its product, and the reflective mapper works out its plan
     * again for every query (see {@code db.Columns}).
     */
    final class ProductMapper implements RowMapper<Product> {

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
}
