package io.kamishop.risk;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskRule;
import io.kamishop.api.RiskVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enabled {@link RiskRule}s of a stage and decides, per rule, whether its decision is
 * enforced or shadowed. Judges only: recording and acting are the caller's.
 */
public final class RiskEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RiskEngine.class);

    private final Supplier<List<RiskRule>> rules;

    public RiskEngine(Supplier<List<RiskRule>> rules) {
        this.rules = rules;
    }

    /** The rules that are running now. */
    public List<RiskRule> rules() {
        return rules.get();
    }

    public Screening screen(RiskContext context) {
        return screen(context, rule -> true);
    }

    /**
     * Screens with only the rules {@code applies} accepts (by rule id): a rule behind a feature flag is left out
     * for buyers, and orders, in its "off" arm.
     */
    public Screening screen(RiskContext context, Predicate<String> applies) {
        List<RuleDecision> decisions = new ArrayList<>();
        for (RiskRule rule : rules.get()) {
            String id;
            try {
                if (!rule.enabled() || !rule.stages().contains(context.stage())) {
                    continue;
                }
                id = rule.id();
                if (!applies.test(id)) {
                    continue;
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn(
                        "risk rule {} could not say whether it applies: {}",
                        rule.getClass().getName(),
                        e.toString());
                continue;
            }
            RiskDecision decision;
            boolean shadow;
            try {
                decision = rule.evaluate(context);
                if (decision == null) {
                    decision = RiskDecision.allow();
                }
                shadow = !enforced(id, bucketOf(context), rule.enforcedPercent());
            } catch (RuntimeException | LinkageError e) {
                // A broken rule must not stop sales; the merchant sees the failure in the decision list.
                LOG.warn("risk rule {} failed: {}", id, e.toString());
                decision = new RiskDecision(RiskVerdict.ALLOW, 0, List.of("the rule failed and was skipped: " + e));
                shadow = true;
            }
            decisions.add(new RuleDecision(id, context.stage(), decision, shadow));
        }
        return new Screening(context.stage(), decisions);
    }

    // Bucketed by IP so a buyer meets the same treatment on every order and at every stage; the
    // rule id is mixed in so two rules at 50% do not enforce on exactly the same half.
    private static String bucketOf(RiskContext context) {
        return context.ip() != null ? context.ip() : String.valueOf(context.email());
    }

    static boolean enforced(String ruleId, String bucket, int percent) {
        if (percent >= 100) {
            return true;
        }
        if (percent <= 0) {
            return false;
        }
        int h = (ruleId + '|' + bucket).hashCode();
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return Math.floorMod(h, 100) < percent;
    }
}
