package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.SettingDefinition;
import io.kamishop.settings.SettingsValidator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one builder of settings form fields: what each page's form is drawn from. */
class SettingFieldsTest {

    private static final SettingFields.Texts ENGLISH = new SettingFields.Texts(
            SettingDefinition::label,
            SettingDefinition::help,
            (d, option) -> option.toUpperCase(java.util.Locale.ROOT));

    private static Map<String, Object> field(List<Map<String, Object>> fields, String key) {
        return fields.stream().filter(f -> f.get("key").equals(key)).findFirst().orElseThrow();
    }

    @Test
    void eachFieldCarriesWhatThePartialDrawsFromTheSchema() {
        List<SettingDefinition> schema = List.of(
                SettingDefinition.integer("minutes", "Minutes", 15).withRange(1, 1440),
                SettingDefinition.color("accent", "Accent", "#1d4ed8"),
                SettingDefinition.color("shortAccent", "Short accent", "#abc"),
                SettingDefinition.asset("logo", "Logo", ""),
                SettingDefinition.secret("token", "Token"),
                SettingDefinition.choice("mode", "Mode", "a", List.of("a", "b")));
        List<Map<String, Object>> fields = SettingFields.build(
                schema,
                Map.of("minutes", "2000", "accent", "#1d4ed8", "shortAccent", "#abc", "token", "s3cret", "mode", "b"),
                Map.of(
                        "minutes",
                        new SettingsValidator.Problem(
                                "out_of_range", "must be a whole number from 1 to 1440", "1–1440")),
                SettingFields.Form.plugin(ENGLISH, d -> d.key().equals("mode")));

        Map<String, Object> minutes = field(fields, "minutes");
        assertThat(minutes)
                .containsEntry("id", "setting-minutes")
                .containsEntry("name", "setting.minutes")
                .containsEntry("type", "integer")
                .containsEntry("min", 1L)
                .containsEntry("max", 1440L)
                .containsEntry("value", "2000")
                .containsEntry("errorCode", "out_of_range")
                .containsEntry("errorDetail", "1–1440");
        // A colour picker shows #rrggbb only: another well-formed colour stays in a text field, unchanged.
        assertThat(field(fields, "accent")).containsEntry("type", "color").containsEntry("pickable", true);
        assertThat(field(fields, "shortAccent")).containsEntry("pickable", false);
        assertThat(field(fields, "logo")).containsEntry("type", "asset").containsEntry("value", "");
        // A secret never reaches the page, only that one is stored.
        assertThat(field(fields, "token")).containsEntry("value", SettingsValidator.MASK);
        assertThat(field(fields, "mode")).containsEntry("overridden", true);
        assertThat(field(fields, "mode").get("options"))
                .isEqualTo(List.of(
                        Map.of("value", "a", "label", "A", "chosen", false),
                        Map.of("value", "b", "label", "B", "chosen", true)));
    }

    @Test
    void aPageKeepsItsOwnIdsAndNamesAndShowsSentencesWithoutACode() {
        SettingDefinition name = SettingDefinition.string("storeName", "Store name")
                .withHelp("1 to 100 characters")
                .withEnvironmentVariable("KAMISHOP_STORE_NAME");
        List<Map<String, Object>> fields = SettingFields.build(
                List.of(name),
                Map.of("storeName", ""),
                SettingFields.sentences(Map.of("storeName", "must be 1 to 100 characters")),
                new SettingFields.Form(key -> key, key -> key, key -> "error-" + key, ENGLISH, d -> false, true));
        assertThat(fields.get(0))
                .containsEntry("id", "storeName")
                .containsEntry("name", "storeName")
                .containsEntry("errorId", "error-storeName")
                .containsEntry("env", "KAMISHOP_STORE_NAME")
                .containsEntry("helpLang", "en")
                .containsEntry("error", "must be 1 to 100 characters")
                .containsEntry("errorCode", null);
    }

    @Test
    void aCheckboxCountsItsLastPostedValueAndAbsenceIsNotOff() {
        assertThat(SettingFields.checkbox(List.of("false", "true"))).isEqualTo("true");
        assertThat(SettingFields.checkbox(List.of("false"))).isEqualTo("false");
        assertThat(SettingFields.checkbox(List.of("maybe"))).isEqualTo("maybe");
        assertThat(SettingFields.checkbox(List.of())).isNull();
    }

    @Test
    void thePartialDrawsAColourPickerAnAssetFieldAndARangedNumberWithItsTranslatedProblem() {
        List<Map<String, Object>> fields = SettingFields.build(
                List.of(
                        SettingDefinition.color("accent", "Accent", null),
                        SettingDefinition.color("veil", "Veil", null),
                        SettingDefinition.asset("logo", "Logo", null),
                        SettingDefinition.integer("minutes", "Minutes", 15).withRange(1, 1440),
                        SettingDefinition.string("on", "On").withType(SettingDefinition.Type.BOOLEAN)),
                Map.of("accent", "#1d4ed8", "veil", "#0008", "logo", "img/logo.svg", "minutes", "0", "on", "true"),
                Map.of(
                        "minutes",
                        new SettingsValidator.Problem(
                                "out_of_range", "must be a whole number from 1 to 1440", "1–1440")),
                SettingFields.Form.plugin(ENGLISH, d -> false));
        AdminViews views = new AdminViews(java.time.ZoneId::systemDefault);
        String html = views.render("setting_fields", Map.of("fields", fields, "t", views.messages("en")));

        assertThat(html)
                .contains("<input type=\"color\" id=\"setting-accent\" name=\"setting.accent\" value=\"#1d4ed8\">")
                // A picker cannot show a colour with alpha: it stays text rather than be changed on the next save.
                .contains("<input type=\"text\" id=\"setting-veil\" name=\"setting.veil\" value=\"#0008\"")
                .contains("<input type=\"text\" id=\"setting-logo\" name=\"setting.logo\" value=\"img/logo.svg\"")
                .contains("<input type=\"number\" id=\"setting-minutes\" name=\"setting.minutes\" value=\"0\" min=\"1\""
                        + " max=\"1440\">")
                .contains(
                        "<input type=\"hidden\" name=\"setting.on\" value=\"false\"><input type=\"checkbox\" id=\"setting-on\"")
                .contains(
                        "id=\"error-minutes\" data-code=\"out_of_range\">Must be a whole number in the range (1–1440)<");
    }
}
