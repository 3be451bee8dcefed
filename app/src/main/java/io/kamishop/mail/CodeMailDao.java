package io.kamishop.mail;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The one-time code mails (V301 mail_codes). */
@UseClasspathSqlLocator
@RegisterConstructorMapper(CodeMailDao.CodeMail.class)
interface CodeMailDao {

    record CodeMail(long id, String recipient, String sealedCode, long expiresAt, int attempts, long nextAttemptAt) {}

    @SqlUpdate
    int insert(
            @Bind("recipient") String recipient,
            @Bind("sealedCode") String sealedCode,
            @Bind("expiresAt") long expiresAt,
            @Bind("now") long now);

    @SqlQuery
    List<CodeMail> due(@Bind("now") long now, @Bind("limit") int limit);

    @SqlUpdate
    int claim(@Bind("id") long id, @Bind("seen") long seen, @Bind("leaseUntil") long leaseUntil);

    /** Ends the row; the sealed code goes with it, so no copy outlives the mail. */
    @SqlUpdate
    int finish(@Bind("id") long id, @Bind("status") String status);

    @SqlUpdate
    int retryLater(@Bind("id") long id, @Bind("at") long at);
}
