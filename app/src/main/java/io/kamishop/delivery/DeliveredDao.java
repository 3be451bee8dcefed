package io.kamishop.delivery;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(DeliveredItem.class)
public interface DeliveredDao {

    @SqlUpdate
    int insertText(
            @Bind("orderId") long orderId,
            @Bind("position") int position,
            @Bind("sealed") byte[] sealed,
            @Bind("now") long now);

    @SqlUpdate
    int insertFile(
            @Bind("orderId") long orderId,
            @Bind("position") int position,
            @Bind("fileId") long fileId,
            @Bind("now") long now);

    @SqlQuery
    List<DeliveredItem> items(@Bind("orderId") long orderId);
}
