package io.kamishop.plugins.risk;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskRule;
import io.kamishop.api.RiskStage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/** Refuses buyers from addresses or ranges the merchant listed; checked again before payment and delivery. */
@Extension
public class BlockedIpRule extends BasicRule implements RiskRule {

    private final BasicSettings.Parsed<List<IpRange>> ranges = new BasicSettings.Parsed<>(entries -> {
        List<IpRange> parsed = new ArrayList<>();
        for (String entry : entries) {
            IpRange range = IpRange.parse(entry);
            if (range != null) {
                parsed.add(range);
            }
        }
        return List.copyOf(parsed);
    });

    @Override
    public String id() {
        return "blocked-ip";
    }

    @Override
    public Set<RiskStage> stages() {
        return EnumSet.allOf(RiskStage.class);
    }

    @Override
    public boolean enabled() {
        return !current().get(BasicSettings.BLOCKED_IPS).orElse("").isBlank();
    }

    @Override
    public RiskDecision evaluate(RiskContext order) {
        if (order.ip() == null) {
            return RiskDecision.allow();
        }
        byte[] address = IpRange.literal(order.ip());
        for (IpRange range : ranges.of(current().get(BasicSettings.BLOCKED_IPS).orElse(""))) {
            if (range.contains(address)) {
                return RiskDecision.block(100, "IP " + order.ip() + " is on the blocked list (" + range + ")");
            }
        }
        return RiskDecision.allow();
    }
}
