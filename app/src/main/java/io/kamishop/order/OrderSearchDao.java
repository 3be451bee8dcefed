package io.kamishop.order;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The merchant's order search, newest first and paged by id (keyset, below {@code before}). One
 * whole statement per kind of search, each answered from its own index (see {@link OrderSearch});
 * {@code status} is a status code, or {@code ""} for any.
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(Order.class)
public interface OrderSearchDao {

    @SqlQuery
    List<Order> byStatus(@Bind("status") String status, @Bind("before") long beforeId, @Bind("limit") int limit);

    /** {@link #byStatus} for a given status, written so the planner walks the (status, id) index. */
    @SqlQuery
    List<Order> byStatusOnly(@Bind("status") String status, @Bind("before") long beforeId, @Bind("limit") int limit);

    /** Exactly this order number or gateway reference. */
    @SqlQuery
    List<Order> byIdentifier(
            @Bind("status") String status,
            @Bind("q") String text,
            @Bind("before") long beforeId,
            @Bind("limit") int limit);

    /** One buyer's orders; {@code email} lower-cased. */
    @SqlQuery
    List<Order> byEmail(
            @Bind("status") String status,
            @Bind("email") String email,
            @Bind("before") long beforeId,
            @Bind("limit") int limit);

    /** {@code like}: a LIKE pattern escaped with {@code !}. */
    @SqlQuery
    List<Order> byText(
            @Bind("status") String status,
            @Bind("like") String like,
            @Bind("before") long beforeId,
            @Bind("limit") int limit);
}
