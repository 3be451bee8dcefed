package io.kamishop.payment;

import io.kamishop.order.Order;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * The reconciler's reads and writes. It reads orders (joined with its own check table) and never
 * writes them: every order change goes through {@link NotificationService}.
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(Order.class)
@RegisterConstructorMapper(PaymentCheck.class)
public interface ReconcilerDao {

    /** Orders of these channels whose gateway is due to be asked (see the SQL for which). */
    @SqlQuery
    List<Order> due(
            @BindList("channels") List<String> channels,
            @Bind("placedBefore") long placedBefore,
            @Bind("expiredSince") long expiredSince,
            @Bind("finalLook") long finalLookMillis,
            @Bind("now") long now,
            @Bind("never") long never,
            @Bind("limit") int limit);

    @SqlUpdate
    void record(
            @Bind("orderId") long orderId,
            @Bind("state") String state,
            @Bind("error") @Nullable String error,
            @Bind("now") long now,
            @Bind("nextCheckAt") long nextCheckAt);

    @SqlQuery
    Optional<PaymentCheck> find(@Bind("orderId") long orderId);
}
