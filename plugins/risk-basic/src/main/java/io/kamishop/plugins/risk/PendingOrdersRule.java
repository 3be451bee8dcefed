package io.kamishop.plugins.risk;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskRule;
import org.pf4j.Extension;

/**
 * Stops stock hoarding: every unpaid order holds its keys until it expires, so one address opening
 * many of them can empty the shelf without paying. Refuses a new order from an IP that already
 * holds the maximum of unpaid ones.
 */
@Extension
public class PendingOrdersRule extends BasicRule implements RiskRule {

    @Override
    public String id() {
        return "pending-per-ip";
    }

    @Override
    public boolean enabled() {
        return BasicSettings.limit(current(), BasicSettings.MAX_PENDING_PER_IP) > 0;
    }

    @Override
    public RiskDecision evaluate(RiskContext order) {
        long limit = BasicSettings.limit(current(), BasicSettings.MAX_PENDING_PER_IP);
        long pending = order.pendingOrdersFromIp();
        if (limit <= 0 || pending < limit) {
            return RiskDecision.allow();
        }
        return RiskDecision.block(
                70,
                "IP " + order.ip() + " already holds " + pending
                        + " unpaid order(s) that keep stock reserved; the limit is " + limit);
    }
}
