package io.kamishop.risk;

import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskStage;

/** One rule's decision at one stage, and whether it was only shadowed (recorded, not acted on). */
public record RuleDecision(String ruleId, RiskStage stage, RiskDecision decision, boolean shadow) {}
