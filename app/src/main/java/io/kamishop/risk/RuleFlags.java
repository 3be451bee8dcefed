package io.kamishop.risk;

import io.kamishop.domain.Audience;
import java.util.function.Predicate;

/**
 * Which risk rules apply, by rule id, when some sit behind a feature flag (only the flag's "on" arm is
 * screened by them). Wired to the flags by the composition root, so risk does not depend on them.
 */
public interface RuleFlags {

    /** The rules applied to {@code who} placing an order. */
    Predicate<String> forBuyer(Audience who);

    /** The rules applied to an order already placed (its arm as recorded then). */
    Predicate<String> forOrder(long orderId);
}
