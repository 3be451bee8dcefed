package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.SettingDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A theme's settings are the plugin API's schema, checked by the one validator; theme.json keeps its words. */
class ThemeSettingsSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ThemeManifest parse(String json) {
        return ThemeManifest.parse(MAPPER, json.getBytes(StandardCharsets.UTF_8), "mine");
    }

    private static Theme theme(Path folder, String themeJson, Map<String, String> chosen) throws IOException {
        Files.createDirectories(folder.resolve("assets/img"));
        Files.writeString(folder.resolve("theme.json"), themeJson);
        Files.writeString(folder.resolve("assets/img/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        return new Theme("mine", List.of(new ThemeLayer.Folder(folder)), MAPPER, 1L, name -> chosen);
    }

    private static final String MINE = """
            {"settings": {
              "accentColor": {"type": "color", "label": "Accent", "default": "#1d4ed8"},
              "logo": {"type": "asset", "label": "Logo", "default": ""},
              "tagline": {"label": "Tagline", "default": "Hello"}
            }}""";

    @Test
    void theManifestsWordsBecomeTheSchemasTypes() {
        ThemeManifest manifest = parse(MINE);
        assertThat(manifest.schema())
                .extracting(SettingDefinition::key, SettingDefinition::type, SettingDefinition::label)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("accentColor", SettingDefinition.Type.COLOR, "Accent"),
                        org.assertj.core.groups.Tuple.tuple("logo", SettingDefinition.Type.ASSET, "Logo"),
                        // A setting without a type is text, as theme.json always read it.
                        org.assertj.core.groups.Tuple.tuple("tagline", SettingDefinition.Type.STRING, "Tagline"));
        assertThat(manifest.schema()).extracting(ThemeManifest::typeName).containsExactly("color", "asset", "text");
        assertThat(manifest.settings()).containsEntry("accentColor", "#1d4ed8").containsEntry("logo", "");
    }

    @Test
    void anUnknownTypeStopsTheThemeLoadingNamingTheThemeAndTheSetting() {
        assertThatThrownBy(() -> parse("{\"settings\": {\"accent\": {\"type\": \"colour\", \"default\": \"#fff\"}}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("theme 'mine'")
                .hasMessageContaining("setting 'accent'")
                .hasMessageContaining("'colour'");
    }

    @Test
    void aBadColourAnAssetWithDotsAndAnUnknownKeyAreRefused(@TempDir Path folder) throws IOException {
        Theme theme = theme(folder, MINE, Map.of());
        Map<String, String> bad = new HashMap<>();
        bad.put("accentColor", "red;}body{display:none");
        bad.put("logo", "../../master.key");
        bad.put("noSuchSetting", "x");
        bad.put("tagline", "Fine");
        Map<String, String> problems = theme.problems(bad);
        assertThat(problems).containsOnlyKeys("accentColor", "logo", "noSuchSetting");
        assertThat(problems.get("accentColor")).contains("colour");
        assertThat(problems.get("logo")).contains("assets/");
    }

    @Test
    void theThemesOwnRulesComeOnTopOfTheSchemas(@TempDir Path folder) throws IOException {
        Theme theme = theme(folder, MINE, Map.of());
        Map<String, String> values = new HashMap<>();
        values.put("accentColor", ""); // blank is no colour: null resets one
        values.put("logo", "img/missing.svg"); // well-formed, but the theme has no such file
        values.put("tagline", "x".repeat(501));
        assertThat(theme.problems(values)).containsOnlyKeys("accentColor", "logo", "tagline");

        Map<String, String> fine = new HashMap<>();
        fine.put("accentColor", "#00aa55");
        fine.put("logo", "img/logo.svg");
        fine.put("tagline", null);
        assertThat(theme.problems(fine)).isEmpty();
        assertThat(theme.problems(Map.of("logo", ""))).isEmpty();
    }

    @Test
    void theStylesheetWritesOnlyWellFormedColoursWhateverIsStored(@TempDir Path folder) throws IOException {
        Map<String, String> stored = Map.of("accentColor", "#0a5;}body{display:none");
        assertThat(parse(MINE).settingsCss(stored)).isEqualTo(":root{}\n");
        assertThat(parse(MINE).settingsCss(Map.of("accentColor", "#00aa55")))
                .isEqualTo(":root{--accent-color:#00aa55;}\n");
        assertThat(parse(MINE).settingsCss(Map.of())).isEqualTo(":root{--accent-color:#1d4ed8;}\n");
        assertThat(theme(folder, MINE, stored).settings()).containsEntry("tagline", "Hello");
    }
}
