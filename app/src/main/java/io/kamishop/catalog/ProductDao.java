package io.kamishop.catalog;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(Product.class)
public interface ProductDao {

    /** Returns the new row's id (RETURNING: the SQLite driver's generated-keys query is switched off, see Database). */
    @SqlQuery
    long insert(@BindMethods Product product);

    @SqlQuery
    Optional<Product> find(@Bind("id") long id);

    @SqlQuery
    List<Product> listActive();

    @SqlQuery
    List<Product> listAll();

    @SqlUpdate
    int update(@BindMethods Product product);
}
