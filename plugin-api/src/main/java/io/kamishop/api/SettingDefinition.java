package io.kamishop.api;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

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
 * @param options      allowed values for {@link Type#ENUM} and {@link Type#MULTI_CHOICE}; for {@link Type#PRIVATE_KEY} and {@link Type#PUBLIC_KEY}
 *                     the key algorithms allowed (such as {@code RSA}), empty for any; empty otherwise
 * @param pattern      optional regular expression a {@link Type#STRING} value must match, {@code null} for none
 * @param generated    if {@code true} and nothing is stored, the host stores a random value on first start
 * @param environmentVariable the store's environment variable that overrides this setting, {@code null} for
 *                     none (see {@link #withEnvironmentVariable}); since 1.6.0
 */
public record SettingDefinition(
        String key,
        Type type,
        String label,
        String help,
        boolean required,
        boolean secret,
        String defaultValue,
        List<String> options,
        String pattern,
        boolean generated,
        String environmentVariable) {

    /**
     * The kinds of value a setting can hold. The host checks each before anything is stored, so a
     * plugin can rely on a stored value having its type's form.
     */
    public enum Type {
        STRING,
        TEXT,
        INTEGER,
        BOOLEAN,
        ENUM,
        URL,
        LIST,
        /**
         * A private key as a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) or the bare base64 of its
         * DER, entered in a multi-line field. A value the JDK's {@code KeyFactory} cannot read as PKCS#8
         * of an allowed algorithm ({@link SettingDefinition#options()}) is refused for that field,
         * so a pasted PKCS#1 key or a public key never gets stored. Since 1.2.0.
         */
        PRIVATE_KEY,
        /**
         * A public key as an X.509 {@code SubjectPublicKeyInfo} PEM ({@code -----BEGIN PUBLIC KEY-----}),
         * or an X.509 certificate PEM ({@code -----BEGIN CERTIFICATE-----}) whose key is meant, or the bare
         * base64 of either's DER. Refused for that field unless it parses and its key's algorithm is
         * allowed ({@link SettingDefinition#options()}). Since 1.2.0.
         */
        PUBLIC_KEY,
        /**
         * Any number of the fixed {@link SettingDefinition#options()}, drawn as checkboxes. The value is a
         * comma list of the chosen options in the options' order ({@code "a,c"}; read it with
         * {@code PluginSettings.getList}); nothing chosen is an empty value. A value naming anything else
         * is refused for that field. An option may not contain a comma. Since 1.4.0.
         */
        MULTI_CHOICE
    }

    public SettingDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        label = label == null ? key : label;
        help = help == null ? "" : help;
        options = options == null ? List.of() : List.copyOf(options);
        if (environmentVariable != null
                && !ENVIRONMENT_VARIABLE.matcher(environmentVariable).matches()) {
            throw new IllegalArgumentException("the environment variable of " + key
                    + " must be KAMISHOP_ and upper-case letters, digits or '_', got '" + environmentVariable + "'");
        }
    }

    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("KAMISHOP_[A-Z0-9_]+");

    /** A setting without an environment variable of its own: the constructor of API 1.0 to 1.5. */
    public SettingDefinition(
            String key,
            Type type,
            String label,
            String help,
            boolean required,
            boolean secret,
            String defaultValue,
            List<String> options,
            String pattern,
            boolean generated) {
        this(key, type, label, help, required, secret, defaultValue, options, pattern, generated, null);
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

    /**
     * Any number of fixed options, drawn as checkboxes, stored as a comma list of the chosen ones.
     *
     * @param options the choices, in the order they are shown; none may contain a comma
     * @since 1.4.0
     */
    public static SettingDefinition multiChoice(String key, String label, List<String> options) {
        for (String option : options) {
            if (option.isEmpty() || option.contains(",")) {
                throw new IllegalArgumentException(
                        "option '" + option + "' of " + key + " is empty or contains a comma");
            }
        }
        return new SettingDefinition(key, Type.MULTI_CHOICE, label, "", false, false, null, options, null, false);
    }

    /**
     * A private key (PKCS#8, PEM or base64), secret: encrypted at rest, masked on read.
     *
     * @param algorithms the key algorithms accepted, such as {@code "RSA"}; none for any
     * @since 1.2.0
     */
    public static SettingDefinition privateKey(String key, String label, String... algorithms) {
        return new SettingDefinition(
                key, Type.PRIVATE_KEY, label, "", false, true, null, List.of(algorithms), null, false);
    }

    /**
     * A public key or a certificate carrying one (PEM or base64); not secret.
     *
     * @param algorithms the key algorithms accepted, such as {@code "RSA"}; none for any
     * @since 1.2.0
     */
    public static SettingDefinition publicKey(String key, String label, String... algorithms) {
        return new SettingDefinition(
                key, Type.PUBLIC_KEY, label, "", false, false, null, List.of(algorithms), null, false);
    }

    /** A whole number. */
    public static SettingDefinition integer(String key, String label, long defaultValue) {
        return new SettingDefinition(
                key, Type.INTEGER, label, "", false, false, Long.toString(defaultValue), List.of(), null, false);
    }

    public SettingDefinition withType(Type newType) {
        return new SettingDefinition(
                key,
                newType,
                label,
                help,
                required,
                secret,
                defaultValue,
                options,
                pattern,
                generated,
                environmentVariable);
    }

    public SettingDefinition withHelp(String text) {
        return new SettingDefinition(
                key,
                type,
                label,
                text,
                required,
                secret,
                defaultValue,
                options,
                pattern,
                generated,
                environmentVariable);
    }

    public SettingDefinition asRequired() {
        return new SettingDefinition(
                key, type, label, help, true, secret, defaultValue, options, pattern, generated, environmentVariable);
    }

    public SettingDefinition withDefault(String value) {
        return new SettingDefinition(
                key, type, label, help, required, secret, value, options, pattern, generated, environmentVariable);
    }

    public SettingDefinition withPattern(String regex) {
        return new SettingDefinition(
                key, type, label, help, required, secret, defaultValue, options, regex, generated, environmentVariable);
    }

    /** Asks the host to store a random value (32 random bytes, hex) on first start when none is set. */
    public SettingDefinition generatedIfMissing() {
        return new SettingDefinition(
                key, type, label, help, required, secret, defaultValue, options, pattern, true, environmentVariable);
    }

    /**
     * Names an environment variable of the store that overrides this setting, besides the
     * {@code KAMISHOP_PLUGIN_<PLUGIN_ID>_<KEY>} every setting has; the store's configuration file counts
     * as environment, as for all its variables. For a variable the store's documentation promises, such as
     * the bundled sandbox channel's {@code KAMISHOP_SANDBOX_SECRET}. The {@code KAMISHOP_} names are the
     * store's own (its master key and admin token among them), so the store honours this only for the
     * plugins bundled with it (signed by its build); for any other plugin it ignores the name, and
     * {@code KAMISHOP_PLUGIN_<PLUGIN_ID>_<KEY>} still applies.
     *
     * @param variable {@code KAMISHOP_} then upper-case letters, digits or {@code _}
     * @throws IllegalArgumentException for another name
     * @since 1.6.0
     */
    public SettingDefinition withEnvironmentVariable(String variable) {
        return new SettingDefinition(
                key, type, label, help, required, secret, defaultValue, options, pattern, generated, variable);
    }
}
