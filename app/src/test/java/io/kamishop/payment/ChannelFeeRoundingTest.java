package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.config.ChannelTerms.Fee;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The documented rule: the percentage of the amount rounded half-up to a whole minor unit, then the fixed part. */
class ChannelFeeRoundingTest {

    private static long fee(String percent, long fixed, long amount) {
        return ChannelFees.feeOn(new Fee(new BigDecimal(percent), fixed), amount);
    }

    @Test
    void thePercentageRoundsHalfUpToAWholeMinorUnit() {
        assertThat(fee("2.5", 0, 990)).as("24.75").isEqualTo(25);
        assertThat(fee("2.5", 0, 1010)).as("25.25").isEqualTo(25);
        assertThat(fee("0.5", 0, 100)).as("0.5 exactly").isEqualTo(1);
        assertThat(fee("0.5", 0, 99)).as("0.495").isEqualTo(0);
        assertThat(fee("1.5", 0, 30)).as("0.45").isEqualTo(0);
        assertThat(fee("0.38", 0, 12_345)).as("46.911").isEqualTo(47);
    }

    @Test
    void theFixedPartIsAddedAfterRounding() {
        assertThat(fee("2.5", 30, 2000)).isEqualTo(80);
        assertThat(fee("0", 30, 0)).isEqualTo(30);
        assertThat(fee("100", 0, 777)).isEqualTo(777);
        assertThat(fee("0", 0, 5000)).isZero();
    }
}
