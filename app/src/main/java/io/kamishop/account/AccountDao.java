package io.kamishop.account;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Buyer accounts, their sign-in codes and sessions (V301). */
@UseClasspathSqlLocator
@RegisterConstructorMapper(BuyerAccount.class)
@RegisterConstructorMapper(AccountDao.SignInCode.class)
interface AccountDao {

    record SignInCode(long id, String codeHash, int attempts, long expiresAt) {}

    @SqlUpdate
    int openAccount(@Bind("emailLower") String emailLower, @Bind("now") long now);

    @SqlQuery
    Optional<BuyerAccount> byEmail(@Bind("emailLower") String emailLower);

    @SqlQuery
    Optional<BuyerAccount> byId(@Bind("id") long id);

    @SqlQuery
    List<BuyerAccount> newest(@Bind("beforeId") long beforeId, @Bind("limit") int limit);

    @SqlQuery
    int codesSince(@Bind("emailLower") String emailLower, @Bind("since") long since);

    @SqlUpdate
    int insertCode(
            @Bind("emailLower") String emailLower,
            @Bind("codeHash") String codeHash,
            @Bind("expiresAt") long expiresAt,
            @Bind("now") long now);

    /** The newest code of the address still open to guesses. */
    @SqlQuery
    Optional<SignInCode> liveCode(
            @Bind("emailLower") String emailLower, @Bind("now") long now, @Bind("maxAttempts") int maxAttempts);

    /** 1 when this guess was still allowed; it counts whether right or wrong. */
    @SqlUpdate
    int countGuess(@Bind("id") long id, @Bind("maxAttempts") int maxAttempts);

    /** 1 for the one sign-in that uses the code; a second one racing it gets 0. */
    @SqlUpdate
    int useCode(@Bind("id") long id, @Bind("now") long now);

    @SqlUpdate
    int insertSession(
            @Bind("tokenHash") String tokenHash,
            @Bind("accountId") long accountId,
            @Bind("expiresAt") long expiresAt,
            @Bind("now") long now);

    @SqlQuery
    Optional<BuyerAccount> sessionAccount(@Bind("tokenHash") String tokenHash, @Bind("now") long now);

    @SqlUpdate
    int deleteSession(@Bind("tokenHash") String tokenHash);
}
