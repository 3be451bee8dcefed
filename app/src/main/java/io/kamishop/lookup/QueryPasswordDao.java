package io.kamishop.lookup;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(StoredPassword.class)
public interface QueryPasswordDao {

    @SqlUpdate
    void insert(
            @Bind("orderId") long orderId,
            @Bind("emailLower") String emailLower,
            @Bind("passwordHash") String passwordHash,
            @Bind("now") long now);

    @SqlQuery
    Optional<StoredPassword> byOrder(@Bind("orderId") long orderId);

    @SqlQuery
    List<StoredPassword> byEmail(@Bind("emailLower") String emailLower, @Bind("limit") int limit);
}
