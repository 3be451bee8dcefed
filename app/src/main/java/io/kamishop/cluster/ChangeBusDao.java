package io.kamishop.cluster;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** PostgreSQL statements of the change bus: the schema that scopes it, and sending a notification. */
@UseClasspathSqlLocator
public interface ChangeBusDao {

    @SqlQuery
    String currentSchema();

    /** Sends {@code message} on {@code channel}; inside a transaction it leaves at the commit, or never. */
    @SqlQuery
    int send(@Bind("channel") String channel, @Bind("message") String message);
}
