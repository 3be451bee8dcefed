package io.kamishop.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What API 1.7 added to a setting's declaration: a range for whole numbers, colour and asset settings. */
class SettingDefinitionTest {

    @Test
    void aRangeIsKeptThroughTheOtherWithers() {
        SettingDefinition minutes = SettingDefinition.integer("minutes", "Minutes", 15)
                .withRange(1, 1440)
                .withHelp("how long")
                .asRequired()
                .withEnvironmentVariable("KAMISHOP_MINUTES");
        assertThat(minutes.min()).isEqualTo(1L);
        assertThat(minutes.max()).isEqualTo(1440L);
        assertThat(minutes.help()).isEqualTo("how long");
    }

    @Test
    void aRangeIsOnlyForWholeNumbersAndNeverEmpty() {
        assertThatThrownBy(() -> SettingDefinition.string("name", "Name").withRange(1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INTEGER");
        assertThatThrownBy(() -> SettingDefinition.integer("n", "N", 5).withRange(10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 > 1");
    }

    @Test
    void theConstructorsOfEarlierVersionsDeclareNoRange() {
        SettingDefinition ten = new SettingDefinition(
                "n", SettingDefinition.Type.INTEGER, "N", "", false, false, "1", List.of(), null, false);
        SettingDefinition eleven = new SettingDefinition(
                "n", SettingDefinition.Type.INTEGER, "N", "", false, false, "1", List.of(), null, false, null);
        assertThat(ten).isEqualTo(eleven);
        assertThat(ten.min()).isNull();
        assertThat(ten.max()).isNull();
    }

    @Test
    void colourAndAssetSettingsHaveTheirTypesAndDefaults() {
        assertThat(SettingDefinition.color("accent", "Accent", "#1d4ed8").type())
                .isEqualTo(SettingDefinition.Type.COLOR);
        SettingDefinition logo = SettingDefinition.asset("logo", "Logo", "img/logo.svg");
        assertThat(logo.type()).isEqualTo(SettingDefinition.Type.ASSET);
        assertThat(logo.defaultValue()).isEqualTo("img/logo.svg");
    }
}
