package io.kamishop.risk;

/** One rule's decision as stored; {@code reasons} are newline-separated. */
public record RecordedDecision(
        long id,
        String ruleId,
        String stage,
        String orderNo,
        String ip,
        String verdict,
        int score,
        String reasons,
        boolean shadow,
        long at) {}
