package io.kamishop.admin;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Failed sign-ins per subject (an account or a client address) and their lockouts. */
@UseClasspathSqlLocator
public interface LoginThrottleDao {

    @SqlQuery
    Optional<Long> lockedUntil(@Bind("s") String subject);

    /** Drops a subject's failures unless it is locked now. */
    @SqlUpdate
    int forgive(@Bind("s") String subject, @Bind("now") long now);

    /** Makes the subject's row if it has none. */
    @SqlUpdate
    int open(@Bind("s") String subject, @Bind("now") long now);

    @SqlUpdate
    int restartPassedWindow(@Bind("s") String subject, @Bind("now") long now, @Bind("windowEdge") long windowEdge);

    /** Counts a failure; locks the subject until {@code lockedUntil} when it reaches {@code max}. */
    @SqlUpdate
    int countFailure(@Bind("s") String subject, @Bind("max") int max, @Bind("lockedUntil") long lockedUntil);
}
