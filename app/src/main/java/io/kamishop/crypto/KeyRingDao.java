package io.kamishop.crypto;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The one row of the key ring: the data root sealed under the master key. */
@UseClasspathSqlLocator
public interface KeyRingDao {

    @SqlQuery
    Optional<String> wrapped();

    /** Stores the sealed data root unless a row exists already. */
    @SqlUpdate
    int create(@Bind("wrapped") String wrapped, @Bind("now") long now);

    @SqlUpdate
    int rewrap(@Bind("wrapped") String wrapped, @Bind("now") long now);
}
