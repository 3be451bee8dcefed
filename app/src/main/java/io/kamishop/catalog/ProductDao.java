package io.kamishop.catalog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterRowMapper(ProductMapper.class)
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
}
