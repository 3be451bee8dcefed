package io.kamishop.plugins.risk;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskRule;
import org.pf4j.Extension;

/** Refuses orders for more units than the merchant allows in one go. */
@Extension
public class QuantityRule extends BasicRule implements RiskRule {

    @Override
    public String id() {
        return "max-quantity";
    }

    @Override
    public boolean enabled() {
        return BasicSettings.limit(current(), BasicSettings.MAX_QUANTITY) > 0;
    }

    @Override
    public RiskDecision evaluate(RiskContext order) {
        long limit = BasicSettings.limit(current(), BasicSettings.MAX_QUANTITY);
        if (limit <= 0 || order.quantity() <= limit) {
            return RiskDecision.allow();
        }
        return RiskDecision.block(50, order.quantity() + " units in one order; the limit is " + limit);
    }
}
