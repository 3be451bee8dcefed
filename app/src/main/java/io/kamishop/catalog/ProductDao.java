package io.kamishop.catalog;

import java.util.List;
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

    @SqlUpdate
    int update(@BindMethods Product product);
}
