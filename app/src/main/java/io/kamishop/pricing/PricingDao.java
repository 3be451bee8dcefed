package io.kamishop.pricing;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@UseClasspathSqlLocator
@RegisterRowMapper(ProductPricingRowMapper.class)
@RegisterConstructorMapper(PriceTier.class)
public interface PricingDao {

    @SqlQuery
    Optional<ProductPricingRow> rules(@Bind("productId") long productId);

    @SqlQuery
    List<PriceTier> tiers(@Bind("productId") long productId);

    @SqlUpdate
    int updateRules(@BindMethods ProductPricingRow row);

    @SqlUpdate
    void insertRules(@BindMethods ProductPricingRow row);

    @SqlUpdate
    void deleteTiers(@Bind("productId") long productId);

    @SqlUpdate
    void insertTier(@Bind("productId") long productId, @Bind("minQuantity") int minQuantity, @Bind("unitPrice") long unitPrice);

    @SqlUpdate
    int lockRules(@Bind("productId") long productId);

    @SqlQuery
    long boughtBy(@Bind("productId") long productId, @Bind("email") String emailLowerCase);
}
