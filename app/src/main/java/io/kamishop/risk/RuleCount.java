package io.kamishop.risk;

/** How many decisions of one verdict a rule made, enforced or in shadow. */
public record RuleCount(String ruleId, String verdict, boolean shadow, long decisions) {}
