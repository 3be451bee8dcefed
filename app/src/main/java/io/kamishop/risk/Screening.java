package io.kamishop.risk;

import io.kamishop.api.RiskStage;
import io.kamishop.api.RiskVerdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules' decisions on one order at one stage, combined: the strictest enforced verdict wins
 * (block over review over allow) and enforced scores add up. Shadow decisions are kept for the
 * record and change nothing.
 */
public record Screening(RiskStage stage, List<RuleDecision> decisions) {

    public Screening {
        decisions = List.copyOf(decisions);
    }

    public RiskVerdict verdict() {
        RiskVerdict verdict = RiskVerdict.ALLOW;
        for (RuleDecision d : decisions) {
            if (!d.shadow()) {
                verdict = verdict.strictest(d.decision().verdict());
            }
        }
        return verdict;
    }

    public int score() {
        int score = 0;
        for (RuleDecision d : decisions) {
            if (!d.shadow()) {
                score += d.decision().score();
            }
        }
        return score;
    }

    /** The reasons of the enforced decisions that were not a plain allow, each prefixed by its rule. */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        for (RuleDecision d : decisions) {
            if (!d.shadow() && d.decision().verdict() != RiskVerdict.ALLOW) {
                d.decision().reasons().forEach(r -> reasons.add(d.ruleId() + ": " + r));
            }
        }
        return reasons;
    }
}
