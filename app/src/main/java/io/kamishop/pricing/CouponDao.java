package io.kamishop.pricing;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterConstructorMapper(Coupon.class)
public interface CouponDao {

    /** Returns the new row's id (RETURNING: the SQLite driver's generated-keys query is switched off, see Database). */
    @SqlQuery
    long insert(@BindMethods Coupon coupon);

    @SqlQuery
    Optional<Coupon> findByCode(@Bind("code") String code);

    @SqlQuery
    Optional<Coupon> find(@Bind("id") long id);

    @SqlQuery
    List<Coupon> list(@Bind("limit") int limit);

    /** 1 when a use was taken, 0 when the coupon is used up, expired or inactive. */
    @SqlUpdate
    int claimUse(@Bind("id") long id, @Bind("now") long now);

    @SqlUpdate
    void recordUse(
            @Bind("orderId") long orderId,
            @Bind("couponId") long couponId,
            @Bind("discount") long discount,
            @Bind("now") long now);

    /** 1 the first time an order's use is given back, 0 after (or when it used no coupon). */
    @SqlUpdate
    int markReleased(@Bind("orderId") long orderId, @Bind("now") long now);

    @SqlUpdate
    int giveBackUse(@Bind("orderId") long orderId);

    @SqlUpdate
    int deactivate(@Bind("code") String code);
}
