package io.kamishop.inventory;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@UseClasspathSqlLocator
@RegisterConstructorMapper(ProductFile.class)
public interface FileDao {

    /** Returns the new row's id (RETURNING: the SQLite driver's generated-keys query is switched off, see Database). */
    @SqlQuery
    long insert(
            @Bind("productId") long productId,
            @Bind("name") String name,
            @Bind("contentType") String contentType,
            @Bind("size") long size,
            @Bind("sha256") String sha256,
            @Bind("sealed") byte[] sealed,
            @Bind("now") long now);

    @SqlQuery
    Optional<ProductFile> latest(@Bind("productId") long productId);

    @SqlQuery
    Optional<ProductFile> find(@Bind("id") long id);

    @SqlQuery
    Optional<byte[]> sealed(@Bind("id") long id);

    @SqlQuery
    List<Long> productsWithFiles();
}
