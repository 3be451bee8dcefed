package io.kamishop.order;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The trace each order was placed in. */
@UseClasspathSqlLocator
public interface OrderTraceDao {

    @SqlUpdate
    int record(@Bind("orderNo") String orderNo, @Bind("traceparent") String traceparent, @Bind("now") long now);

    @SqlQuery
    Optional<String> find(@Bind("orderNo") String orderNo);

    @SqlUpdate
    int forgetBefore(@Bind("before") long before);
}
