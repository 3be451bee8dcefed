package io.kamishop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The shape of the channelFees and channelLimits settings: what is read, and what is refused with which words. */
class ChannelTermsTest {

    @Test
    void feesAndLimitsAreReadPerChannel() {
        var fees = ChannelTerms.fees(
                "{\"epay-alipay\": {\"percent\": 2.5, \"fixed\": 30}, \"usdt\": {\"fixed\": 100}, \"sandbox\": {}}");
        assertThat(fees.get("epay-alipay")).isEqualTo(new ChannelTerms.Fee(new BigDecimal("2.5"), 30));
        assertThat(fees.get("usdt").percent()).isEqualByComparingTo("0");
        assertThat(fees.get("usdt").fixed()).isEqualTo(100);
        assertThat(fees.get("sandbox").isNone()).isTrue();

        var limits = ChannelTerms.limits("{\"usdt\": {\"min\": 1000}, \"paypal\": {\"min\": 100, \"max\": 100000}}");
        assertThat(limits.get("usdt")).isEqualTo(new ChannelTerms.Limit(1000L, null));
        assertThat(limits.get("usdt").allows(999)).isFalse();
        assertThat(limits.get("usdt").allows(1000)).isTrue();
        assertThat(limits.get("paypal").allows(100_000)).isTrue();
        assertThat(limits.get("paypal").allows(100_001)).isFalse();
    }

    @Test
    void malformedFeesAreRefusedNamingTheChannelAndField() {
        assertRefused("{\"sandbox\": {\"percent\": -1}}", "sandbox.percent must be from 0 to 100");
        assertRefused("{\"sandbox\": {\"percent\": 100.5}}", "sandbox.percent must be from 0 to 100");
        assertRefused("{\"sandbox\": {\"percent\": 2.555}}", "at most 2 decimals");
        assertRefused("{\"sandbox\": {\"percent\": \"2.5\"}}", "sandbox.percent must be a number");
        assertRefused("{\"sandbox\": {\"fixed\": -30}}", "sandbox.fixed must be a whole number");
        assertRefused("{\"sandbox\": {\"fixed\": 30.5}}", "sandbox.fixed must be a whole number");
        assertRefused("{\"sandbox\": {\"percentage\": 2}}", "sandbox.percentage is not a known field");
        assertRefused("{\"sandbox\": 2.5}", "sandbox must be an object");
        assertRefused("[1, 2]", "must be a JSON object");
        assertRefused("{\"sandbox\": ", "is not valid JSON");
        assertRefused("{\"a b\": {}}", "is not a channel id");
        assertThat(ChannelTerms.feesProblem("{\"sandbox\": {\"percent\": 100, \"fixed\": 0}}"))
                .isNull();
    }

    @Test
    void limitsWithTheMinimumAboveTheMaximumAreRefused() {
        assertThat(ChannelTerms.limitsProblem("{\"usdt\": {\"min\": 500, \"max\": 100}}"))
                .contains("usdt.min must not be above usdt.max");
        assertThat(ChannelTerms.limitsProblem("{\"usdt\": {\"max\": -1}}")).contains("usdt.max must be a whole number");
        assertThat(ChannelTerms.limitsProblem("{\"usdt\": {\"min\": 1, \"fixed\": 2}}"))
                .contains("usdt.fixed is not a known field");
        assertThat(ChannelTerms.limitsProblem("{\"usdt\": {\"min\": 100, \"max\": 100}}"))
                .isNull();
    }

    @Test
    void theSettingsCheckExplainsWhatIsWrong() {
        assertThat(StoreSettings.problem("channelFees", "{\"sandbox\": {\"percent\": 120}}"))
                .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("sandbox.percent must be from 0 to 100")
                .contains("must be a JSON object");
        assertThat(StoreSettings.problem("channelLimits", "{}")).isEmpty();
    }

    @Test
    void aBadValueInTheEnvironmentStopsTheStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThatThrownBy(() -> AppConfig.load(
                        java.util.Map.of("KAMISHOP_CHANNEL_FEES", "{\"sandbox\": {\"percent\": 200}}"),
                        new AppConfig.Flags(dir, null, null, false)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("KAMISHOP_CHANNEL_FEES");
        assertThat(AppConfig.load(
                                java.util.Map.of("KAMISHOP_CHANNEL_LIMITS", "{\"usdt\": {\"min\": 100}}"),
                                new AppConfig.Flags(dir, null, null, false))
                        .override("KAMISHOP_CHANNEL_LIMITS"))
                .isPresent();
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> ChannelTerms.fees(json))
                .isInstanceOf(ChannelTerms.InvalidTerms.class)
                .hasMessageContaining(message);
    }
}
