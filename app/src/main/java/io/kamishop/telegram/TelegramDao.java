package io.kamishop.telegram;

import io.kamishop.db.Database;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

@UseClasspathSqlLocator
@RegisterConstructorMapper(ChatOrder.class)
public interface TelegramDao {

    @SqlUpdate
    void link(
            @Bind("orderId") long orderId,
            @Bind("orderNo") String orderNo,
            @Bind("userId") long userId,
            @Bind("chatId") long chatId,
            @Bind("now") long now,
            @Bind("language") @Nullable String language);

    @SqlQuery
    List<ChatOrder> ordersOf(@Bind("userId") long userId, @Bind("limit") int limit);

    @SqlQuery
    Optional<ChatOrder> find(@Bind("orderNo") String orderNo);

    /** {@link #find}, in a read of its own. */
    static Optional<ChatOrder> chatOf(Database database, String orderNo) {
        return database.read(h -> h.dao(TelegramDao.class).find(orderNo));
    }

    @SqlQuery
    Optional<Long> nextUpdateId();

    @SqlUpdate
    void saveNextUpdateId(@Bind("next") long next);
}
