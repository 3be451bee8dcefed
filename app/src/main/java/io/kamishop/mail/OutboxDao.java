package io.kamishop.mail;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(OutboxMail.class)
public interface OutboxDao {

    /** A mail a transaction owes, written just before it commits (see {@link MailOutbox}). */
    record Owed(long orderId, String kind, String recipient, long now) {}

    /** {@link #enqueue} for each row, as one batch. */
    @SqlBatch("enqueue")
    void enqueueAll(@BindMethods List<Owed> owed);

    @SqlUpdate
    int enqueue(
            @Bind("orderId") long orderId,
            @Bind("kind") String kind,
            @Bind("recipient") String recipient,
            @Bind("now") long now);

    /** 1 when a finished mail of this order and kind is due again, 0 when there is none or it is still pending. */
    @SqlUpdate
    int requeue(
            @Bind("orderId") long orderId,
            @Bind("kind") String kind,
            @Bind("recipient") String recipient,
            @Bind("now") long now);

    @SqlQuery
    List<OutboxMail> due(@Bind("now") long now, @Bind("limit") int limit);

    @SqlUpdate
    int claim(@Bind("id") long id, @Bind("seen") long seenNextAttemptAt, @Bind("leaseUntil") long leaseUntil);

    @SqlUpdate
    int finish(@Bind("id") long id, @Bind("status") String status, @Bind("now") long now);

    @SqlUpdate
    int retryLater(
            @Bind("id") long id, @Bind("status") String status, @Bind("next") long next, @Bind("error") String error);

    @SqlQuery
    List<OutboxMail> recent(@Bind("status") String status, @Bind("limit") int limit);

    @SqlUpdate
    int retryNow(@Bind("id") long id, @Bind("now") long now);
}
