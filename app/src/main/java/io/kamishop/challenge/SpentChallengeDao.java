package io.kamishop.challenge;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
public interface SpentChallengeDao {

    /** 1 when the challenge was unspent (and is spent now), 0 when it was spent before. */
    @SqlUpdate
    int spend(@Bind("id") String id, @Bind("expiresAt") long expiresAt);

    @SqlUpdate
    int forgetExpired(@Bind("now") long now);
}
