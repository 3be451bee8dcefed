package io.kamishop.flags;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** The flags, the orders placed in their arms, and how many of those were paid. */
@UseClasspathSqlLocator
public interface FlagDao {

    /** A stored flag row; targets as stored JSON; null where the flag gates nothing of that kind. */
    record Row(
            String flagKey,
            String description,
            int rolloutBp,
            String targets,
            @Nullable String channel,
            @Nullable String riskRule,
            @Nullable String theme,
            @Nullable String feature,
            boolean enabled,
            long updatedAt) {}

    /** Orders placed in one arm of a flag, and how many of them were paid (whatever happened after). */
    record ArmCount(String arm, long placed, long paid) {}

    @SqlQuery
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Row.class)
    List<Row> all();

    @SqlUpdate
    int put(
            @Bind("key") String key,
            @Bind("description") String description,
            @Bind("rolloutBp") int rolloutBp,
            @Bind("targets") String targets,
            @Bind("channel") @Nullable String channel,
            @Bind("riskRule") @Nullable String riskRule,
            @Bind("theme") @Nullable String theme,
            @Bind("feature") @Nullable String feature,
            @Bind("enabled") boolean enabled,
            @Bind("now") long now);

    @SqlUpdate
    int delete(@Bind("key") String key);

    @SqlQuery
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(ArmCount.class)
    List<ArmCount> counts(@Bind("key") String key);

    /** Reads that open their own transaction (kept with the DAO: the flags never see a JDBI handle). */
    final class Reads {

        private Reads() {}

        /** Every flag row. */
        static List<Row> all(io.kamishop.db.Database database) {
            return database.read(h -> h.dao(FlagDao.class).all());
        }

        /** The arm order {@code orderId} was placed in of flag {@code key}. */
        static java.util.Optional<String> armOf(io.kamishop.db.Database database, long orderId, String key) {
            return database.read(h -> h.dao(FlagDao.class).armOf(orderId, key));
        }
    }

    @SqlQuery
    java.util.Optional<String> armOf(@Bind("orderId") long orderId, @Bind("key") String key);

    @SqlUpdate
    int expose(@Bind("orderId") long orderId, @Bind("key") String key, @Bind("arm") String arm);
}
