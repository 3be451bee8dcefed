package io.kamishop.api;

import java.util.List;
import java.util.Objects;

/**
 * One setting a plugin reads, declared as data so the admin UI can draw a form for it and the host
 * can validate it before storing anything.
 *
 * @param key          stable identifier, {@code [a-zA-Z][a-zA-Z0-9_.-]*}
 * @param type         how the value is entered and checked
 * @param label        short human label
 * @param help         one sentence shown under the field, may be empty
 * @param required     whether a value must be present for the plugin to work
 * @param secret       encrypted at rest, never shown again after it is stored (reads back as {@code ********})
 * @param defaultValue used when nothing is stored; {@code null} for none
 * @param options      allowed values for {@link Type#ENUM}, empty otherwise
 * @param pattern      optional regular expression a {@link Type#STRING} value must match, {@code null} for none
 * @param generated    if {@code true} and nothing is stored, the host stores a random value on first start
 */
public record SettingDefinition(String key, Type type, String label, String help, boolean required, boolean secret,
                                String defaultValue, List<String> options, String pattern, boolean generated) {

    /** The kinds of value a setting can hold. */
    public enum Type { STRING, TEXT, INTEGER, BOOLEAN, ENUM, URL, LIST }

    public SettingDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        label = label == null ? key : label;
        help = help == null ? "" : help;
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** A plain text setting. */
    public static SettingDefinition string(String key, String label) {
        return new SettingDefinition(key, Type.STRING, label, "", false, false, null, List.of(), null, false);
    }

    /** A secret setting: encrypted at rest, masked on read. */
    public static SettingDefinition secret(String key, String label) {
        return new SettingDefinition(key, Type.STRING, label, "", false, true, null, List.of(), null, false);
    }

    /** A setting chosen from fixed options. */
    public static SettingDefinition choice(String key, String label, String defaultValue, List<String> options) {
        return new SettingDefinition(key, Type.ENUM, label, "", false, false, defaultValue, options, null, false);
    }

    /** A whole number. */
    public static SettingDefinition integer(String key, String label, long defaultValue) {
        return new SettingDefinition(key, Type.INTEGER, label, "", false, false, Long.toString(defaultValue), List.of(), null, false);
    }

    public SettingDefinition withType(Type newType) {
        return new SettingDefinition(key, newType, label, help, required, secret, defaultValue, options, pattern, generated);
    }

    public SettingDefinition withHelp(String text) {
        return new SettingDefinition(key, type, label, text, required, secret, defaultValue, options, pattern, generated);
    }

    public SettingDefinition asRequired() {
        return new SettingDefinition(key, type, label, help, true, secret, defaultValue, options, pattern, generated);
    }

    public SettingDefinition withDefault(String value) {
        return new SettingDefinition(key, type, label, help, required, secret, value, options, pattern, generated);
    }

    public SettingDefinition withPattern(String regex) {
        return new SettingDefinition(key, type, label, help, required, secret, defaultValue, options, regex, generated);
    }

    /** Asks the host to store a random value (32 random bytes, hex) on first start when none is set. */
    public SettingDefinition generatedIfMissing() {
        return new SettingDefinition(key, type, label, help, required, secret, defaultValue, options, pattern, true);
    }
}
