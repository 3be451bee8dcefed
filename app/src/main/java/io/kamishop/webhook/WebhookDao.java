package io.kamishop.webhook;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(WebhookEndpoint.class)
@RegisterConstructorMapper(WebhookDelivery.class)
public interface WebhookDao {

    @SqlUpdate
    @GetGeneratedKeys("id")
    long insertEndpoint(@Bind("url") String url, @Bind("sealedSecret") String sealedSecret, @Bind("events") String events,
                        @Bind("now") long now);

    @SqlQuery
    List<WebhookEndpoint> endpoints();

    @SqlQuery
    Optional<WebhookEndpoint> endpoint(@Bind("id") long id);

    @SqlUpdate
    int deactivate(@Bind("id") long id);

    @SqlUpdate
    void enqueue(@Bind("endpointId") long endpointId, @Bind("eventId") String eventId, @Bind("eventType") String eventType,
                 @Bind("payload") String payload, @Bind("now") long now);

    @SqlQuery
    List<WebhookDelivery> due(@Bind("now") long now, @Bind("limit") int limit);

    @SqlUpdate
    int claim(@Bind("id") long id, @Bind("seen") long seenNextAttemptAt, @Bind("leaseUntil") long leaseUntil);

    @SqlUpdate
    int delivered(@Bind("id") long id, @Bind("httpStatus") int httpStatus, @Bind("now") long now);

    @SqlUpdate
    int retryLater(@Bind("id") long id, @Bind("status") String status, @Bind("next") long next,
                   @Bind("httpStatus") Integer httpStatus, @Bind("error") String error);

    @SqlQuery
    List<WebhookDelivery> recent(@Bind("status") String status, @Bind("limit") int limit);
}
