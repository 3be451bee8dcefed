package io.kamishop.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each setting is declared once, with its type: the check and the API's answer both follow from it. */
class StoreSettingsDefinitionsTest {

    @Test
    void everyDefaultIsAValidValueOfItsOwnSetting() {
        StoreSettings.definitions()
                .values()
                .forEach(d -> assertThat(StoreSettings.problem(d.name(), d.defaultValue()))
                        .as(d.name())
                        .isEmpty());
    }

    @Test
    void theApiAnswersEachSettingAsItsType() {
        Map<String, StoreSettings.Definition> all = StoreSettings.definitions();

        assertThat(all.get("orderHoldMinutes").type().render("15")).isEqualTo(15);
        assertThat(all.get("autoRefundDelayMinutes").type().render("60")).isEqualTo(60);
        assertThat(all.get("maxQuantityPerOrder").type().render("100")).isEqualTo(100);
        assertThat(all.get("autoRefundLatePayments").type().render(" true ")).isEqualTo(true);
        assertThat(all.get("autoRefundUndeliverable").type().render("false")).isEqualTo(false);
        assertThat(all.get("channelFees").type().render("{}"))
                .isInstanceOf(com.fasterxml.jackson.databind.node.ObjectNode.class);
        assertThat(all.get("storeName").type().render("Kamishop")).isEqualTo("Kamishop");
        assertThat(all.values())
                .filteredOn(StoreSettings.Definition::isJson)
                .extracting(StoreSettings.Definition::name)
                .containsExactly("channelFees", "channelLimits");
    }

    @Test
    void aBadValueNamesTheRuleAndAJsonSettingAlsoSaysWhatIsWrong() {
        assertThat(StoreSettings.problem("orderHoldMinutes", "0"))
                .contains("must be a whole number of minutes from 1 to 1440");
        assertThat(StoreSettings.problem("orderHoldMinutes", null))
                .contains("must be a whole number of minutes from 1 to 1440");
        assertThat(StoreSettings.problem("autoRefundLatePayments", "yes"))
                .get()
                .asString()
                .startsWith("must be true or false");
        assertThat(StoreSettings.problem("channelFees", "[]")).get().asString().contains("; must be a JSON object");
        assertThat(StoreSettings.problem("nope", "1")).contains("unknown setting");
    }
}
