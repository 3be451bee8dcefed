package io.kamishop.notice;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(NoticeRow.class)
public interface NoticeDao {

    @SqlUpdate
    void enqueue(
            @Bind("notifier") String notifier,
            @Bind("noticeId") String noticeId,
            @Bind("kind") String kind,
            @Bind("subject") String subject,
            @Bind("body") String body,
            @Bind("fields") String fields,
            @Bind("happenedAt") long happenedAt,
            @Bind("now") long now);

    @SqlQuery
    List<NoticeRow> due(@Bind("now") long now, @Bind("limit") int limit);

    @SqlUpdate
    int claim(@Bind("id") long id, @Bind("seen") long seenNextAttemptAt, @Bind("leaseUntil") long leaseUntil);

    @SqlUpdate
    int delivered(@Bind("id") long id, @Bind("now") long now);

    @SqlUpdate
    int retryLater(
            @Bind("id") long id, @Bind("status") String status, @Bind("next") long next, @Bind("error") String error);

    @SqlQuery
    List<NoticeRow> recent(@Bind("status") String status, @Bind("limit") int limit);
}
