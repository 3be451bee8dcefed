package io.kamishop.api;

import java.util.List;
import java.util.Objects;

/**
 * One rule's opinion of one order at one stage.
 *
 * <p>The host combines the decisions of all rules: a {@link RiskVerdict#BLOCK} wins over everything,
 * a {@link RiskVerdict#REVIEW} over {@link RiskVerdict#ALLOW}, and scores add up. Every decision is
 * kept with its reasons, so write reasons for the merchant who reads them later, e.g.
 * {@code "6 orders from 203.0.113.9 in the last hour (limit 5)"}, never for a programmer. Buyers
 * never see them.
 *
 * @param verdict what should happen
 * @param score   how suspicious, 0 for nothing; the host adds the scores of all rules
 * @param reasons sentences a merchant understands; empty for a plain allow
 */
public record RiskDecision(RiskVerdict verdict, int score, List<String> reasons) {

    private static final RiskDecision ALLOW = new RiskDecision(RiskVerdict.ALLOW, 0, List.of());

    public RiskDecision {
        Objects.requireNonNull(verdict, "verdict");
        if (score < 0) {
            throw new IllegalArgumentException("score must not be negative");
        }
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** Nothing to say. */
    public static RiskDecision allow() {
        return ALLOW;
    }

    /** Suspicious but not sure: hold the keys until the merchant looks. */
    public static RiskDecision review(int score, String reason) {
        return new RiskDecision(RiskVerdict.REVIEW, score, List.of(reason));
    }

    /** Refuse the order. */
    public static RiskDecision block(int score, String reason) {
        return new RiskDecision(RiskVerdict.BLOCK, score, List.of(reason));
    }
}
