package io.kamishop.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kamishop.domain.Refusal;
import org.junit.jupiter.api.Test;

/** The draft a merchant sends (the admin form may leave any field out) and the coupon it becomes. */
class CouponDraftTest {

    private static final long NOW = 1_000_000L;

    @Test
    void aMissingCodeIsRefusedAsAFieldProblemLikeAnEmptyOne() {
        Refusal missing = catchThrowableOfType(
                Refusal.class, () -> new CouponDraft(null, 10L, null, null, null, null, null).validated(NOW));
        Refusal empty = catchThrowableOfType(
                Refusal.class, () -> new CouponDraft("  ", 10L, null, null, null, null, null).validated(NOW));

        assertThat(missing.code()).isEqualTo("invalid_coupon_definition");
        assertThat(missing.fields()).containsOnlyKeys("code");
        assertThat(empty.fields()).isEqualTo(missing.fields());
    }

    @Test
    void aValidDraftBecomesAnUnusedActiveCouponWithItsCodeAndCurrencyInUpperCase() {
        Coupon coupon = new CouponDraft(" spring-10 ", null, 150L, "eur", 5L, 7L, NOW + 1).validated(NOW);

        assertThat(coupon.code()).isEqualTo("SPRING-10");
        assertThat(coupon.percentOff()).isNull();
        assertThat(coupon.amountOff()).isEqualTo(150L);
        assertThat(coupon.currency()).isEqualTo("EUR");
        assertThat(coupon.maxUses()).isEqualTo(5);
        assertThat(coupon.productId()).isEqualTo(7L);
        assertThat(coupon.expiresAt()).isEqualTo(NOW + 1);
        assertThat(coupon.uses()).isZero();
        assertThat(coupon.active()).isTrue();
        assertThat(coupon.createdAt()).isEqualTo(NOW);
        assertThat(coupon.discountOn(1_000)).isEqualTo(150);
    }
}
