package io.kamishop.metrics;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The database gauges read at each scrape. */
@UseClasspathSqlLocator
public interface StoreMetricsDao {

    /** How many orders are in a status. */
    record OrderCount(String status, long n) {}

    /** How many keys of a product are in a status. */
    record KeyCount(long productId, String status, long n) {}

    @SqlQuery
    @RegisterConstructorMapper(OrderCount.class)
    List<OrderCount> ordersByStatus();

    @SqlQuery
    @RegisterConstructorMapper(KeyCount.class)
    List<KeyCount> keysByProductAndStatus();
}
