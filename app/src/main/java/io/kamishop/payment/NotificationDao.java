package io.kamishop.payment;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@UseClasspathSqlLocator
@RegisterConstructorMapper(RecordedNotification.class)
public interface NotificationDao {

    // Also here, run through plain JDBC by NotificationService (FastSql): recordIfNew.sql and setOutcome.sql.

    @SqlQuery
    List<RecordedNotification> forOrder(@Bind("orderId") long orderId);
}
