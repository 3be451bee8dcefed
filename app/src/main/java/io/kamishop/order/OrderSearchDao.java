package io.kamishop.order;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The merchant's order search, newest first and paged by id. One statement per combination of the
 * two optional filters (status, text) rather than a WHERE clause assembled in Java: four short,
 * whole statements a reader (and the database's planner) sees as they run.
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(Order.class)
public interface OrderSearchDao {

    @SqlQuery
    List<Order> newest(@Bind("before") long beforeId, @Bind("limit") int limit);

    @SqlQuery
    List<Order> newestInStatus(@Bind("status") String status, @Bind("before") long beforeId, @Bind("limit") int limit);

    /** {@code like}: a LIKE pattern escaped with {@code !}. */
    @SqlQuery
    List<Order> newestMatching(@Bind("q") String text, @Bind("like") String like, @Bind("before") long beforeId, @Bind("limit") int limit);

    @SqlQuery
    List<Order> newestInStatusMatching(@Bind("status") String status, @Bind("q") String text, @Bind("like") String like,
                                       @Bind("before") long beforeId, @Bind("limit") int limit);
}
