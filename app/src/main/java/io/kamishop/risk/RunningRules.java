package io.kamishop.risk;

import io.kamishop.api.RiskRule;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The rules of the started plugins, looked up at most once a second: asking PF4J on every order
 * costs more than running the rules. A plugin enabled or disabled is seen within that second.
 */
final class RunningRules implements Supplier<List<RiskRule>> {

    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Snapshot(List<RiskRule> rules, long takenAt) {}

    private final Supplier<List<RiskRule>> lookup;
    /** The rules last looked up, or null before the first look-up. */
    private volatile @Nullable Snapshot snapshot;

    RunningRules(Supplier<List<RiskRule>> lookup) {
        this.lookup = lookup;
    }

    @Override
    public List<RiskRule> get() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current == null || now - current.takenAt() > REFRESH_NANOS) {
            current = new Snapshot(List.copyOf(lookup.get()), now);
            snapshot = current;
        }
        return current.rules();
    }
}
