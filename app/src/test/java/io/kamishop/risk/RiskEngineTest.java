package io.kamishop.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskRule;
import io.kamishop.api.RiskStage;
import io.kamishop.api.RiskVerdict;
import io.kamishop.api.VelocityCounters;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How the engine combines rules: block wins, scores add, shadow decisions change nothing. */
class RiskEngineTest {

    private static final VelocityCounters NO_COUNTS = new VelocityCounters() {
        @Override
        public long ordersWithin(Subject subject, String value, Duration window) {
            return 0;
        }

        @Override
        public long pendingOrders(Subject subject, String value) {
            return 0;
        }
    };

    private static RiskRule rule(String id, int percent, Function<RiskContext, RiskDecision> judge) {
        return new RiskRule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public int enforcedPercent() {
                return percent;
            }

            @Override
            public Set<RiskStage> stages() {
                return Set.of(RiskStage.ORDER_CREATION, RiskStage.BEFORE_DELIVERY);
            }

            @Override
            public RiskDecision evaluate(RiskContext context) {
                return judge.apply(context);
            }
        };
    }

    private static RiskContext order(String ip) {
        return new RiskContext(RiskStage.ORDER_CREATION, null, ip, "a@example.com", null, 1, 1, 990, "CNY", NO_COUNTS);
    }

    @Test
    void blockWinsAndEnforcedScoresAdd() {
        RiskEngine engine = new RiskEngine(() -> List.of(
                rule("a", 100, c -> RiskDecision.review(30, "looks odd")),
                rule("b", 100, c -> RiskDecision.block(50, "listed")),
                rule("c", 100, c -> RiskDecision.allow())));
        Screening screening = engine.screen(order("203.0.113.1"));
        assertThat(screening.verdict()).isEqualTo(RiskVerdict.BLOCK);
        assertThat(screening.score()).isEqualTo(80);
        assertThat(screening.reasons()).containsExactly("a: looks odd", "b: listed");
        assertThat(screening.decisions()).hasSize(3);
    }

    @Test
    void reviewWinsOverAllow() {
        RiskEngine engine = new RiskEngine(() -> List.of(
                rule("a", 100, c -> RiskDecision.allow()), rule("b", 100, c -> RiskDecision.review(10, "new buyer"))));
        assertThat(engine.screen(order("203.0.113.1")).verdict()).isEqualTo(RiskVerdict.REVIEW);
    }

    @Test
    void shadowedDecisionsAreKeptButChangeNothing() {
        RiskEngine engine = new RiskEngine(() -> List.of(rule("a", 0, c -> RiskDecision.block(100, "listed"))));
        Screening screening = engine.screen(order("203.0.113.1"));
        assertThat(screening.verdict()).isEqualTo(RiskVerdict.ALLOW);
        assertThat(screening.score()).isZero();
        assertThat(screening.decisions()).singleElement().satisfies(d -> {
            assertThat(d.shadow()).isTrue();
            assertThat(d.decision().verdict()).isEqualTo(RiskVerdict.BLOCK);
        });
    }

    @Test
    void aFailingRuleIsRecordedAndAllows() {
        RiskEngine engine = new RiskEngine(() -> List.of(rule("broken", 100, c -> {
            throw new IllegalStateException("boom");
        })));
        Screening screening = engine.screen(order("203.0.113.1"));
        assertThat(screening.verdict()).isEqualTo(RiskVerdict.ALLOW);
        assertThat(screening.decisions().get(0).decision().reasons().get(0)).contains("the rule failed", "boom");
    }

    @Test
    void abShareEnforcesOnAboutThatShareOfBuyersAndAlwaysTheSameOnes() {
        int enforced = 0;
        for (int i = 0; i < 2000; i++) {
            String ip = "10.0." + (i / 250) + "." + (i % 250);
            boolean first = RiskEngine.enforced("ip-velocity", ip, 30);
            assertThat(RiskEngine.enforced("ip-velocity", ip, 30)).isEqualTo(first);
            enforced += first ? 1 : 0;
        }
        assertThat(enforced).isBetween(500, 700);
        assertThat(RiskEngine.enforced("x", "1.2.3.4", 100)).isTrue();
        assertThat(RiskEngine.enforced("x", "1.2.3.4", 0)).isFalse();
    }

    @Test
    void rulesAreOnlyAskedAtTheirStages() {
        RiskRule onlyAtCreation = new RiskRule() {
            @Override
            public String id() {
                return "creation-only";
            }

            @Override
            public RiskDecision evaluate(RiskContext context) {
                return RiskDecision.block(1, "no");
            }
        };
        RiskEngine engine = new RiskEngine(() -> List.of(onlyAtCreation));
        RiskContext atDelivery = new RiskContext(
                RiskStage.BEFORE_DELIVERY, "1", "1.2.3.4", "a@example.com", null, 1, 1, 990, "CNY", NO_COUNTS);
        assertThat(engine.screen(atDelivery).decisions()).isEmpty();
        assertThat(engine.screen(order("1.2.3.4")).decisions()).hasSize(1);
    }
}
