package io.kamishop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.SettingDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one validator's rules for the types and range of plugin API 1.7: whole numbers in a range, colours, assets. */
class SettingsValidatorTest {

    private static final SettingDefinition MINUTES =
            SettingDefinition.integer("minutes", "Minutes", 15).withRange(1, 1440);
    private static final SettingDefinition ACCENT = SettingDefinition.color("accent", "Accent", "#1d4ed8");
    private static final SettingDefinition LOGO = SettingDefinition.asset("logo", "Logo", "");

    private static SettingsValidator.Problem problemOf(SettingDefinition definition, String value) {
        return SettingsValidator.check(List.of(definition), Map.of(definition.key(), value), Map.of())
                .get(definition.key());
    }

    @Test
    void aWholeNumberOutsideItsRangeIsRefusedNamingBothBounds() {
        assertThat(problemOf(MINUTES, "1")).isNull();
        assertThat(problemOf(MINUTES, " 1440 ")).isNull();
        SettingsValidator.Problem tooBig = problemOf(MINUTES, "1441");
        assertThat(tooBig.code()).isEqualTo("out_of_range");
        assertThat(tooBig.message()).isEqualTo("must be a whole number from 1 to 1440");
        assertThat(tooBig.detail()).isEqualTo("1–1440");
        assertThat(problemOf(MINUTES, "0").code()).isEqualTo("out_of_range");
        assertThat(problemOf(MINUTES, "-5").code()).isEqualTo("out_of_range");
        assertThat(problemOf(MINUTES, "ten").code()).isEqualTo("not_integer");
    }

    @Test
    void aOneSidedRangeNamesItsOneBound() {
        SettingDefinition atLeastOne = new SettingDefinition(
                "n",
                SettingDefinition.Type.INTEGER,
                "N",
                "",
                false,
                false,
                null,
                List.of(),
                null,
                false,
                null,
                1L,
                null);
        assertThat(problemOf(atLeastOne, "0").message()).isEqualTo("must be a whole number of at least 1");
        assertThat(problemOf(atLeastOne, String.valueOf(Long.MAX_VALUE))).isNull();
    }

    @Test
    void aWholeNumberWithoutARangeTakesAnyLong() {
        SettingDefinition any = SettingDefinition.integer("n", "N", 0);
        assertThat(problemOf(any, "-9000000000")).isNull();
        assertThat(any.min()).isNull();
        assertThat(any.max()).isNull();
    }

    @Test
    void aColourIsOneOfTheFourHexForms() {
        for (String good : List.of("#abc", "#abcd", "#A1B2C3", "#a1b2c3d4")) {
            assertThat(problemOf(ACCENT, good)).as(good).isNull();
        }
        for (String bad : List.of("#ab", "#abcde", "#abcdefg", "red", "#1d4ed8;}body{display:none", " #abc", "#ggg")) {
            assertThat(problemOf(ACCENT, bad)).as(bad).isNotNull();
            assertThat(problemOf(ACCENT, bad).code()).isEqualTo("not_color");
        }
    }

    @Test
    void anAssetIsARelativeNameThatCannotLeaveTheAssetsFolder() {
        for (String good : List.of("logo.svg", "img/logo.svg", "img/logo-2_x.png", "a.b/c")) {
            assertThat(problemOf(LOGO, good)).as(good).isNull();
        }
        for (String bad : List.of(
                "../master.key",
                "img/../../x",
                "/etc/passwd",
                "img\\logo.svg",
                "img//logo.svg",
                ".hidden",
                "img/",
                "a..b")) {
            assertThat(problemOf(LOGO, bad)).as(bad).isNotNull();
            assertThat(problemOf(LOGO, bad).code()).isEqualTo("not_asset");
        }
    }

    @Test
    void anEmptyAssetMeansNoneAndIsAccepted() {
        assertThat(SettingsValidator.check(List.of(LOGO), Map.of("logo", ""), Map.of()))
                .isEmpty();
        assertThat(SettingsValidator.isAssetName("")).isTrue();
    }
}
