package io.kamishop.outbox;

import io.kamishop.db.Database;
import io.kamishop.db.DeferredRows;
import io.kamishop.db.FastSql;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's statements. The static helpers are the only place the outbox touches JDBI: they run a
 * statement in the caller's write transaction (joined through {@link Database}) or in one of their own.
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(OutboxMessage.class)
public interface OutboxDao {

    /**
     * A message a transaction owes (see {@link Outbox#enqueue}).
     *
     * @param supersedes the dedupe key of a message of the same topic this one makes needless when both are
     *     owed by one transaction (a paid and delivered order's keys mail says all its "paid" mail would)
     */
    record Owed(
            String topic,
            String dedupeKey,
            @Nullable Long orderId,
            String payload,
            long now,
            @Nullable String supersedes) {}

    /** {@link #enqueue} as a batch of plain JDBC: it runs in every paying transaction (see {@link FastSql#batch}). */
    FastSql ENQUEUE = FastSql.of(OutboxDao.class, "enqueue", "topic", "dedupeKey", "orderId", "payload", "now");

    /** One instance, as {@link Database#defer} groups rows by their writer. */
    DeferredRows<Owed> OWED = (h, rows) -> {
        Set<String> superseded = new HashSet<>();
        rows.stream()
                .filter(o -> o.supersedes() != null)
                .forEach(o -> superseded.add(o.topic() + " " + o.supersedes()));
        ENQUEUE.batch(
                h,
                rows.stream()
                        .filter(o -> !superseded.contains(o.topic() + " " + o.dedupeKey()))
                        .toList(),
                o -> new Object[] {o.topic(), o.dedupeKey(), o.orderId(), o.payload(), o.now()});
    };

    /** Owes {@code owed} just before the current write transaction commits (in a new one when there is none). */
    static void owe(Database database, Owed owed) {
        database.write(h -> {
            database.defer(h, OWED, owed);
            return null;
        });
    }

    static <R> R read(Database database, Function<OutboxDao, R> work) {
        return database.read(h -> work.apply(h.dao(OutboxDao.class)));
    }

    static <R> R write(Database database, Function<OutboxDao, R> work) {
        return database.write(h -> work.apply(h.dao(OutboxDao.class)));
    }

    @SqlUpdate
    int enqueue(@BindMethods Owed owed);

    /** 1 when a finished message of this topic and key is due again, 0 when there is none or it is still pending. */
    @SqlUpdate
    int requeue(@BindMethods Owed owed);

    @SqlQuery
    List<OutboxMessage> due(@Bind("topic") String topic, @Bind("now") long now, @Bind("limit") int limit);

    @SqlUpdate
    int claim(@Bind("id") long id, @Bind("seen") long seenNextAttemptAt, @Bind("leaseUntil") long leaseUntil);

    /** Ends a row as sent; {@code erase} empties its payload in the same statement ({@link OutboxHandler#erasesPayloadWhenDone}). */
    @SqlUpdate
    int sent(
            @Bind("id") long id,
            @Bind("now") long now,
            @Bind("note") @Nullable String note,
            @Bind("erase") boolean erase);

    /** Schedules the next attempt, or ends the row as {@code dead}; {@code erase} as for {@link #sent}. */
    @SqlUpdate
    int retryLater(
            @Bind("id") long id,
            @Bind("status") String status,
            @Bind("next") long next,
            @Bind("error") String error,
            @Bind("erase") boolean erase);

    @SqlQuery
    List<OutboxMessage> recent(
            @Bind("topic") String topic, @Bind("status") @Nullable String status, @Bind("limit") int limit);

    @SqlUpdate
    int retryDead(@Bind("topic") String topic, @Bind("id") long id, @Bind("now") long now);
}
