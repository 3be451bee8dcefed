package io.kamishop.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.SettingDefinition;
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

        assertThat(all.get("orderHoldMinutes").render("15")).isEqualTo(15);
        assertThat(all.get("autoRefundDelayMinutes").render("60")).isEqualTo(60);
        assertThat(all.get("maxQuantityPerOrder").render("100")).isEqualTo(100);
        assertThat(all.get("autoRefundLatePayments").render(" true ")).isEqualTo(true);
        assertThat(all.get("autoRefundUndeliverable").render("false")).isEqualTo(false);
        assertThat(all.get("channelFees").render("{}"))
                .isInstanceOf(com.fasterxml.jackson.databind.node.ObjectNode.class);
        assertThat(all.get("storeName").render("Kamishop")).isEqualTo("Kamishop");
        assertThat(all.values())
                .filteredOn(StoreSettings.Definition::json)
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

    @Test
    void everySettingIsDeclaredInThePluginApisSchemaTypeWithItsRuleAndVariable() {
        StoreSettings.definitions().forEach((name, d) -> {
            assertThat(d.schema().key()).isEqualTo(name);
            assertThat(d.schema().help()).isEqualTo(d.rule()).isNotBlank();
            assertThat(d.schema().environmentVariable()).isEqualTo(d.envName()).startsWith("KAMISHOP_");
            assertThat(d.schema().label()).as(name).isNotEqualTo(name);
        });
        SettingDefinition hold = StoreSettings.ORDER_HOLD_MINUTES.schema();
        assertThat(hold.type()).isEqualTo(SettingDefinition.Type.INTEGER);
        assertThat(hold.min()).isEqualTo(1L);
        assertThat(hold.max()).isEqualTo(1440L);
        assertThat(StoreSettings.AUTO_REFUND_LATE.schema().type()).isEqualTo(SettingDefinition.Type.BOOLEAN);
        assertThat(StoreSettings.DEFAULT_LANGUAGE.schema().type()).isEqualTo(SettingDefinition.Type.ENUM);
        assertThat(StoreSettings.DEFAULT_LANGUAGE.schema().options()).containsExactly("en", "zh-CN");
        assertThat(StoreSettings.schema()).hasSize(StoreSettings.definitions().size());
    }

    @Test
    void whatTheSchemaRefusesAndWhatOnlyTheStoresOwnCheckRefusesBothNameTheRule() {
        // The schema's range, type and pattern (checked by the one validator) ...
        assertThat(StoreSettings.problem("orderHoldMinutes", "1441"))
                .contains("must be a whole number of minutes from 1 to 1440");
        assertThat(StoreSettings.problem("orderHoldMinutes", " 1440 ")).isEmpty();
        assertThat(StoreSettings.problem("autoRefundLatePayments", " true ")).isEmpty();
        assertThat(StoreSettings.problem("defaultLanguage", "fr"))
                .get()
                .asString()
                .startsWith("must be en or zh-CN");
        assertThat(StoreSettings.problem("contactQq", "0123")).get().asString().startsWith("must be a QQ number");
        assertThat(StoreSettings.problem("contactEmail", "a@b.c")).isEmpty();
        assertThat(StoreSettings.problem("contactEmail", "a".repeat(250) + "@b.cd"))
                .isPresent();
        assertThat(StoreSettings.problem("theme", "../../etc")).isPresent();
        // ... and the store's own rules on top, which a schema cannot say.
        assertThat(StoreSettings.problem("timeZone", "Mars/Olympus")).isPresent();
        assertThat(StoreSettings.problem("timeZone", "Asia/Shanghai")).isEmpty();
        assertThat(StoreSettings.problem("languages", "en,en")).isPresent();
        assertThat(StoreSettings.problem("storeName", "  ")).isPresent();
        assertThat(StoreSettings.problem("channelLimits", "{\"sandbox\": {\"min\": 5, \"max\": 1}}"))
                .get()
                .asString()
                .contains("sandbox")
                .contains("; must be a JSON object");
    }
}
