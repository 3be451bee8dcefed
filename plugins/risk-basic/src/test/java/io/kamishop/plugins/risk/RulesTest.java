package io.kamishop.plugins.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.PluginSettings;
import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskStage;
import io.kamishop.api.RiskVerdict;
import io.kamishop.api.VelocityCounters;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule of risk-basic on its own, with settings and counters in hand. */
class RulesTest {

    private final Map<String, String> values = new HashMap<>();
    private final PluginSettings settings = key -> Optional.ofNullable(values.get(key));
    private final Map<String, Long> hourly = new HashMap<>();
    private final Map<String, Long> pending = new HashMap<>();
    private final VelocityCounters counters = new VelocityCounters() {
        @Override
        public long ordersWithin(Subject subject, String value, Duration window) {
            assertThat(window).isEqualTo(Duration.ofHours(1));
            return hourly.getOrDefault(subject + ":" + value, 0L);
        }

        @Override
        public long pendingOrders(Subject subject, String value) {
            return pending.getOrDefault(subject + ":" + value, 0L);
        }
    };

    private RiskContext order(String ip, String email, int quantity) {
        return new RiskContext(
                RiskStage.ORDER_CREATION, null, ip, email, null, 7, quantity, 990L * quantity, "CNY", counters);
    }

    private RiskDecision judge(BasicRule rule, RiskContext order) {
        rule.using(settings);
        return rule.enabled() ? rule.evaluate(order) : RiskDecision.allow();
    }

    @Test
    void everyRuleIsOffUntilConfigured() {
        for (BasicRule rule : new BasicRule[] {
            new IpVelocityRule(),
            new EmailVelocityRule(),
            new QuantityRule(),
            new PendingOrdersRule(),
            new BlockedEmailRule(),
            new BlockedIpRule(),
            new DisposableEmailRule()
        }) {
            assertThat(rule.using(settings).enabled()).as(rule.id()).isFalse();
            assertThat(rule.enforcedPercent()).isEqualTo(100);
        }
    }

    @Test
    void ipVelocityBlocksTheOrderPastTheHourlyLimit() {
        values.put("maxOrdersPerIpPerHour", "3");
        hourly.put("IP:203.0.113.9", 2L);
        assertThat(judge(new IpVelocityRule(), order("203.0.113.9", "a@example.com", 1))
                        .verdict())
                .isEqualTo(RiskVerdict.ALLOW);
        hourly.put("IP:203.0.113.9", 3L);
        RiskDecision blocked = judge(new IpVelocityRule(), order("203.0.113.9", "a@example.com", 1));
        assertThat(blocked.verdict()).isEqualTo(RiskVerdict.BLOCK);
        assertThat(blocked.reasons())
                .containsExactly("this would be order 4 from IP 203.0.113.9 within an hour; the limit is 3");
        assertThat(judge(new IpVelocityRule(), order("203.0.113.10", "a@example.com", 1))
                        .verdict())
                .isEqualTo(RiskVerdict.ALLOW);
    }

    @Test
    void emailVelocityBlocksTheOrderPastTheHourlyLimit() {
        values.put("maxOrdersPerEmailPerHour", "1");
        hourly.put("EMAIL:a@example.com", 1L);
        RiskDecision blocked = judge(new EmailVelocityRule(), order("203.0.113.9", "a@example.com", 1));
        assertThat(blocked.verdict()).isEqualTo(RiskVerdict.BLOCK);
        assertThat(blocked.reasons().get(0)).contains("a@example.com", "limit is 1");
        assertThat(judge(new EmailVelocityRule(), order("203.0.113.9", "b@example.com", 1))
                        .verdict())
                .isEqualTo(RiskVerdict.ALLOW);
    }

    @Test
    void quantityAboveTheLimitIsBlocked() {
        values.put("maxQuantityPerOrder", "5");
        assertThat(judge(new QuantityRule(), order("203.0.113.9", "a@example.com", 5))
                        .verdict())
                .isEqualTo(RiskVerdict.ALLOW);
        assertThat(judge(new QuantityRule(), order("203.0.113.9", "a@example.com", 6))
                        .reasons())
                .containsExactly("6 units in one order; the limit is 5");
    }

    @Test
    void anIpHoldingTooManyUnpaidOrdersIsBlocked() {
        values.put("maxPendingOrdersPerIp", "2");
        pending.put("IP:203.0.113.9", 1L);
        assertThat(judge(new PendingOrdersRule(), order("203.0.113.9", "a@example.com", 1))
                        .verdict())
                .isEqualTo(RiskVerdict.ALLOW);
        pending.put("IP:203.0.113.9", 2L);
        RiskDecision blocked = judge(new PendingOrdersRule(), order("203.0.113.9", "a@example.com", 1));
        assertThat(blocked.verdict()).isEqualTo(RiskVerdict.BLOCK);
        assertThat(blocked.reasons().get(0)).contains("already holds 2 unpaid order(s)");
    }

    @Test
    void blockedEmailPatternsMatchGlobsAndBareDomains() {
        values.put("blockedEmails", "*@spam.example\nbot?@example.com, junk.test");
        BlockedEmailRule rule = new BlockedEmailRule();
        assertThat(judge(rule, order("1.2.3.4", "Someone@SPAM.example", 1)).verdict())
                .isEqualTo(RiskVerdict.BLOCK);
        assertThat(judge(rule, order("1.2.3.4", "bot7@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.BLOCK);
        assertThat(judge(rule, order("1.2.3.4", "bot77@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.ALLOW);
        assertThat(judge(rule, order("1.2.3.4", "x@mail.junk.test", 1)).verdict())
                .isEqualTo(RiskVerdict.BLOCK);
        assertThat(judge(rule, order("1.2.3.4", "x@notjunk.test", 1)).verdict()).isEqualTo(RiskVerdict.ALLOW);
        assertThat(judge(rule, order("1.2.3.4", "x@spam.example.org", 1)).verdict())
                .isEqualTo(RiskVerdict.ALLOW);
        assertThat(judge(rule, order("1.2.3.4", "a.b@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.ALLOW);
    }

    @Test
    void blockedIpsMatchAddressesAndCidrRangesOfBothFamilies() {
        values.put("blockedIps", "198.51.100.0/24\n203.0.113.7\n2001:db8::/32\nnonsense");
        BlockedIpRule rule = new BlockedIpRule();
        assertThat(judge(rule, order("198.51.100.200", "a@example.com", 1)).reasons())
                .containsExactly("IP 198.51.100.200 is on the blocked list (198.51.100.0/24)");
        assertThat(judge(rule, order("203.0.113.7", "a@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.BLOCK);
        assertThat(judge(rule, order("203.0.113.8", "a@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.ALLOW);
        assertThat(judge(rule, order("2001:db8::1", "a@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.BLOCK);
        assertThat(judge(rule, order("2001:db9::1", "a@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.ALLOW);
        assertThat(judge(rule, order("localhost", "a@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.ALLOW);
    }

    @Test
    void disposableEmailIsReviewedOrBlockedAsTheMerchantChooses() {
        values.put("disposableEmails", "review");
        values.put("disposableEmailDomains", "throwaway.example");
        DisposableEmailRule rule = new DisposableEmailRule();
        assertThat(judge(rule, order("1.2.3.4", "a@mailinator.com", 1)).verdict())
                .isEqualTo(RiskVerdict.REVIEW);
        assertThat(judge(rule, order("1.2.3.4", "a@x.throwaway.example", 1)).reasons())
                .containsExactly("email domain x.throwaway.example is a disposable-mail service");
        assertThat(judge(rule, order("1.2.3.4", "a@example.com", 1)).verdict()).isEqualTo(RiskVerdict.ALLOW);
        values.put("disposableEmails", "block");
        assertThat(judge(rule, order("1.2.3.4", "a@yopmail.com", 1)).verdict()).isEqualTo(RiskVerdict.BLOCK);
    }

    @Test
    void shadowModeAndTheAbShareDecideHowMuchIsEnforced() {
        BasicRule rule = new QuantityRule().using(settings);
        values.put("mode", "shadow");
        values.put("enforcePercent", "30");
        assertThat(rule.enforcedPercent()).isZero();
        values.put("mode", "enforce");
        assertThat(rule.enforcedPercent()).isEqualTo(30);
    }

    @Test
    void listsChangedByTheMerchantAreReparsed() {
        BlockedIpRule rule = new BlockedIpRule();
        values.put("blockedIps", "203.0.113.7");
        assertThat(judge(rule, order("203.0.113.7", "a@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.BLOCK);
        values.put("blockedIps", "203.0.113.8");
        assertThat(judge(rule, order("203.0.113.7", "a@example.com", 1)).verdict())
                .isEqualTo(RiskVerdict.ALLOW);
    }
}
