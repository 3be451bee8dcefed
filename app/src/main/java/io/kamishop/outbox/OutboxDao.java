package io.kamishop.outbox;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(OutboxMessage.class)
public interface OutboxDao {

    /** A message a transaction owes (see {@link Outbox#enqueue}). */
    record Owed(String topic, String dedupeKey, Long orderId, String payload, long now) {}

    @SqlUpdate
    int enqueue(@BindMethods Owed owed);

    /** {@link #enqueue} for each row, as one batch. */
    @SqlBatch("enqueue")
    void enqueueAll(@BindMethods List<Owed> owed);

    /** 1 when a finished message of this topic and key is due again, 0 when there is none or it is still pending. */
    @SqlUpdate
    int requeue(@BindMethods Owed owed);

    @SqlQuery
    List<OutboxMessage> due(@Bind("topic") String topic, @Bind("now") long now, @Bind("limit") int limit);

    @SqlUpdate
    int claim(@Bind("id") long id, @Bind("seen") long seenNextAttemptAt, @Bind("leaseUntil") long leaseUntil);

    @SqlUpdate
    int sent(@Bind("id") long id, @Bind("now") long now, @Bind("note") String note);

    @SqlUpdate
    int retryLater(
            @Bind("id") long id, @Bind("status") String status, @Bind("next") long next, @Bind("error") String error);

    @SqlQuery
    List<OutboxMessage> recent(@Bind("topic") String topic, @Bind("status") String status, @Bind("limit") int limit);

    @SqlUpdate
    int retryDead(@Bind("topic") String topic, @Bind("id") long id, @Bind("now") long now);
}
