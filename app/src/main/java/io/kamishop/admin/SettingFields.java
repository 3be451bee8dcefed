package io.kamishop.admin;

import io.kamishop.api.SettingDefinition;
import io.kamishop.settings.SettingsValidator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The one way an admin page draws a settings form: a field view for each setting of a schema, with its value and
 * its problem, drawn by the partial {@code setting_fields.peb}. A page says only what is its own: the element ids
 * and form names its fields keep (bookmarked anchors and tests use them), how labels, help and options read in the
 * merchant's language, and which settings the environment fixes.
 */
final class SettingFields {

    private SettingFields() {}

    /** How a page words its fields in the merchant's language: a label, a help line and each option of a choice. */
    record Texts(
            Function<SettingDefinition, String> label,
            Function<SettingDefinition, String> help,
            BiFunction<SettingDefinition, String, String> option) {}

    /**
     * A page's form.
     *
     * @param id      the element id of a setting's input, by key ({@code setting-<key>} on a plugin's page)
     * @param name    the form parameter a setting's value is posted as, by key
     * @param errorId the element id of a setting's problem, by key
     * @param texts   labels, help and options in the merchant's language
     * @param fixed   settings the environment fixes: shown, not editable
     * @param showEnv whether each field names the environment variable that overrides it
     */
    record Form(
            Function<String, String> id,
            Function<String, String> name,
            Function<String, String> errorId,
            Texts texts,
            Predicate<SettingDefinition> fixed,
            boolean showEnv) {

        /** A plugin's form: {@code setting-<key>}, posted as {@code setting.<key>}. */
        static Form plugin(Texts texts, Predicate<SettingDefinition> fixed) {
            return new Form(
                    key -> "setting-" + key, key -> "setting." + key, key -> "error-" + key, texts, fixed, false);
        }
    }

    /** A colour an {@code <input type="color">} can show: it knows {@code #rrggbb} only (no short form, no alpha). */
    private static final java.util.regex.Pattern PICKABLE = java.util.regex.Pattern.compile("#[0-9a-fA-F]{6}");

    /**
     * @param values   what each field shows (what was submitted when the form comes back refused, else what is in
     *                 effect); a secret is never shown, only {@link SettingsValidator#MASK} when one is set
     * @param problems what is wrong with a field, by key, as the validator says it
     */
    static List<Map<String, Object>> build(
            List<SettingDefinition> schema,
            Map<String, String> values,
            Map<String, SettingsValidator.Problem> problems,
            Form form) {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (SettingDefinition d : schema) {
            String value = values.getOrDefault(d.key(), "");
            if (value == null) {
                value = "";
            }
            if (d.secret()) {
                // A secret never goes back to the browser; only whether one is stored.
                value = value.isEmpty() ? "" : SettingsValidator.MASK;
            }
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("key", d.key());
            field.put("id", form.id().apply(d.key()));
            field.put("name", form.name().apply(d.key()));
            field.put("errorId", form.errorId().apply(d.key()));
            field.put("type", d.type().name().toLowerCase(Locale.ROOT));
            field.put("label", form.texts().label().apply(d));
            String help = form.texts().help().apply(d);
            field.put("help", help);
            // Help the page's language has no words for stays English, and says so to screen readers.
            field.put("helpLang", help.equals(d.help()) && !help.isEmpty() ? "en" : null);
            field.put("env", form.showEnv() ? d.environmentVariable() : null);
            field.put("required", d.required());
            field.put("secret", d.secret());
            field.put("min", d.min());
            field.put("max", d.max());
            field.put("options", options(d, form.texts(), value));
            field.put("value", value);
            field.put("pickable", PICKABLE.matcher(value).matches());
            field.put("overridden", form.fixed().test(d));
            SettingsValidator.Problem problem = problems.get(d.key());
            // Translated by its code where the admin's messages know it; the English sentence otherwise.
            field.put("error", problem == null ? null : problem.message());
            field.put("errorCode", problem == null || problem.code().isEmpty() ? null : problem.code());
            field.put("errorDetail", problem == null ? "" : problem.detail());
            fields.add(field);
        }
        return fields;
    }

    /**
     * What each field of a page's form shows: what was submitted when the form comes back refused, else what is in
     * effect ({@code view}, as the feature's settings API answers it). A secret is never what was typed into it, only
     * what is stored (the feature's view masks it).
     */
    static Map<String, String> shown(
            List<SettingDefinition> schema, Map<String, Object> view, @Nullable Map<String, String> submitted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (SettingDefinition d : schema) {
            Object current = view.get(d.key());
            values.put(
                    d.key(),
                    !d.secret() && submitted != null && submitted.get(d.key()) != null
                            ? submitted.get(d.key())
                            : current == null ? "" : current.toString());
        }
        return values;
    }

    /** The per-field problems a feature's settings store refused a save with, by setting. */
    static Map<String, String> fieldProblems(io.kamishop.domain.Refusal refusal) {
        Map<String, String> out = new LinkedHashMap<>();
        if (refusal.details().get("fields") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    /** Problems that come as sentences only (no code to translate by): shown as they are. */
    static Map<String, SettingsValidator.Problem> sentences(Map<String, String> messages) {
        Map<String, SettingsValidator.Problem> problems = new LinkedHashMap<>();
        messages.forEach((key, message) -> problems.put(key, new SettingsValidator.Problem("", message, "")));
        return problems;
    }

    /**
     * The value a checkbox field was posted with, or {@code null} when the form did not carry the field: the partial
     * sends a hidden {@code false} before each box, so a ticked box arrives as {@code false, true}, an unticked one as
     * {@code false}. The last value counts; any other text is kept for the validator to refuse.
     */
    static @Nullable String checkbox(List<String> posted) {
        return posted.isEmpty() ? null : posted.get(posted.size() - 1);
    }

    /** Each option with what the merchant reads for it and whether it is chosen in {@code value}. */
    private static List<Map<String, Object>> options(SettingDefinition d, Texts texts, String value) {
        List<String> chosen = d.type() == SettingDefinition.Type.MULTI_CHOICE
                // Commas as stored; line breaks as in a list saved before the checkboxes (API 1.4).
                ? Arrays.stream(value.split("[,\\r\\n]+")).map(String::strip).toList()
                : List.of(value);
        List<Map<String, Object>> options = new ArrayList<>();
        for (String option : d.options()) {
            options.add(Map.of(
                    "value", option, "label", texts.option().apply(d, option), "chosen", chosen.contains(option)));
        }
        return options;
    }
}
