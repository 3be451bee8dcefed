package io.kamishop.plugins.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CashierLinkTest {

    private static final String PINNED = "3f7a8c25b2b82be7737e36dcb3d845d0d0add6d6415cf9c1d645110b27ef367f";

    private final byte[] secret = "merchant secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealHoldsForTheValuesItSealedAndNoOthers() {
        CashierLink link = new CashierLink("alipay", secret);
        String seal = link.seal(List.of("K-1", "12.00", "https://qr.example/1"));

        assertThat(link.holds(List.of("K-1", "12.00", "https://qr.example/1"), seal))
                .isTrue();
        assertThat(link.holds(List.of("K-1", "12.00", "https://evil.example/1"), seal))
                .isFalse();
        assertThat(link.holds(List.of("K-1", "12.00", "https://qr.example/1"), null))
                .isFalse();
    }

    @Test
    void valuesAreLengthPrefixedSoMovingABoundaryBreaksTheSeal() {
        CashierLink link = new CashierLink("epay", secret);
        assertThat(link.seal(List.of("ab", "c"))).isNotEqualTo(link.seal(List.of("a", "bc")));
    }

    @Test
    void aSealOfOneChannelDoesNotHoldForAnotherWithTheSameSecret() {
        String seal = new CashierLink("alipay", secret).seal(List.of("K-1"));
        assertThat(new CashierLink("wechat", secret).holds(List.of("K-1"), seal))
                .isFalse();
    }

    @Test
    void theSealIsStableAcrossReleasesSoLinksInFlightKeepWorking() {
        // Pinned to what the per-plugin copies sealed before they became this class: a link handed out
        // before an upgrade must still open after it.
        assertThat(new CashierLink("usdt", "token".getBytes(StandardCharsets.UTF_8)).seal(List.of("K-1", "tok")))
                .isEqualTo(PINNED);
    }
}
