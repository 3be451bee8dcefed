package io.kamishop.plugins.risk;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskRule;
import java.time.Duration;
import org.pf4j.Extension;

/** Refuses the order past N from one IP within an hour: card testing tries many cards fast. */
@Extension
public class IpVelocityRule extends BasicRule implements RiskRule {

    @Override
    public String id() {
        return "ip-velocity";
    }

    @Override
    public boolean enabled() {
        return BasicSettings.limit(current(), BasicSettings.MAX_ORDERS_PER_IP) > 0;
    }

    @Override
    public RiskDecision evaluate(RiskContext order) {
        long limit = BasicSettings.limit(current(), BasicSettings.MAX_ORDERS_PER_IP);
        long before = order.ordersFromIp(Duration.ofHours(1));
        if (limit <= 0 || before < limit) {
            return RiskDecision.allow();
        }
        return RiskDecision.block(
                60,
                "this would be order " + (before + 1) + " from IP " + order.ip() + " within an hour; the limit is "
                        + limit);
    }
}
