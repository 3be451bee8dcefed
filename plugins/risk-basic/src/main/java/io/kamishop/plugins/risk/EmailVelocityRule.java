package io.kamishop.plugins.risk;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskRule;
import java.time.Duration;
import org.pf4j.Extension;

/** Refuses the order past N with one email within an hour. */
@Extension
public class EmailVelocityRule extends BasicRule implements RiskRule {

    @Override
    public String id() {
        return "email-velocity";
    }

    @Override
    public boolean enabled() {
        return BasicSettings.limit(current(), BasicSettings.MAX_ORDERS_PER_EMAIL) > 0;
    }

    @Override
    public RiskDecision evaluate(RiskContext order) {
        long limit = BasicSettings.limit(current(), BasicSettings.MAX_ORDERS_PER_EMAIL);
        long before = order.ordersFromEmail(Duration.ofHours(1));
        if (limit <= 0 || before < limit) {
            return RiskDecision.allow();
        }
        return RiskDecision.block(
                60,
                "this would be order " + (before + 1) + " from " + order.email() + " within an hour; the limit is "
                        + limit);
    }
}
