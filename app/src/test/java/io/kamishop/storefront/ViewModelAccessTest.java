package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.storefront.view.ErrorView;
import org.junit.jupiter.api.Test;

class ViewModelAccessTest {

    private final ViewModelAccess access = new ViewModelAccess();

    @Test
    void onlyComponentAccessorsOfViewRecordsAreCallable() throws Exception {
        ErrorView view = new ErrorView(404, "a", "b");
        assertThat(access.isMethodAccessAllowed(view, ErrorView.class.getMethod("status")))
                .isTrue();
        assertThat(access.isMethodAccessAllowed(view, ErrorView.class.getMethod("titleKey")))
                .isTrue();
        assertThat(access.isMethodAccessAllowed(view, Object.class.getMethod("getClass")))
                .isFalse();
        assertThat(access.isMethodAccessAllowed(view, ErrorView.class.getMethod("toString")))
                .isFalse();
        assertThat(access.isMethodAccessAllowed(view, ErrorView.class.getMethod("equals", Object.class)))
                .isFalse();
        assertThat(access.isMethodAccessAllowed("text", String.class.getMethod("length")))
                .isFalse();
        assertThat(access.isMethodAccessAllowed(
                        new Languages.Language("x", "y", java.util.Locale.ROOT),
                        Languages.Language.class.getMethod("tag")))
                .isFalse();
    }

    @Test
    void acceptLanguagePicksChineseForAnyChineseRangeAndEnglishOtherwise() {
        assertThat(Languages.fromAcceptLanguage("zh-TW,zh;q=0.8")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.fromAcceptLanguage("de-DE,en;q=0.5,zh;q=0.4")).isEqualTo(Languages.ENGLISH);
        assertThat(Languages.fromAcceptLanguage("de-DE,zh;q=0.4")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.fromAcceptLanguage(";;;=")).isEqualTo(Languages.ENGLISH);
        assertThat(Languages.fromAcceptLanguage(null)).isEqualTo(Languages.ENGLISH);
    }

    @Test
    void pricesFollowTheCurrencysDigitsAndTheLanguage() {
        assertThat(Prices.format(990, "CNY", Languages.CHINESE.locale())).isEqualTo("¥9.90");
        assertThat(Prices.format(990, "CNY", Languages.ENGLISH.locale())).isEqualTo("CN¥9.90");
        assertThat(Prices.format(1999, "USD", Languages.ENGLISH.locale())).isEqualTo("$19.99");
        assertThat(Prices.format(1999, "USD", Languages.CHINESE.locale())).isEqualTo("US$19.99");
        assertThat(Prices.format(500, "JPY", Languages.ENGLISH.locale())).isEqualTo("¥500");
        assertThat(Prices.format(123456789, "EUR", Languages.ENGLISH.locale())).isEqualTo("€1,234,567.89");
    }
}
