package io.kamishop.api;

/** What a rule thinks should happen to an order. When rules disagree the strictest wins. */
public enum RiskVerdict {
    /** Nothing suspicious from this rule's point of view. */
    ALLOW,
    /** Let the order go on, but hold its keys after payment until the merchant approves it. */
    REVIEW,
    /** Refuse the order (at creation) or hold it for the merchant (after payment). */
    BLOCK;

    /** The wire spelling: {@code allow}, {@code review}, {@code block}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The stricter of the two verdicts. */
    public RiskVerdict strictest(RiskVerdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
