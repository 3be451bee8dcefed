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
 * @param min          the smallest whole number an {@link Type#INTEGER} setting takes, {@code null} for no lower bound
 *                     (see {@link #withRange}); since 1.7.0
 * @param max          the largest whole number an {@link Type#INTEGER} setting takes, {@code null} for no upper bound
 *                     (see {@link #withRange}); since 1.7.0
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
        String environmentVariable,
        Long min,
        Long max) {

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
        MULTI_CHOICE,
        /**
         * A CSS colour in hex: {@code #rgb}, {@code #rgba}, {@code #rrggbb} or {@code #rrggbbaa}, drawn as a colour
         * field. Nothing else is stored, so the value can be written into a stylesheet as it is. Since 1.7.0.
         *
         * @since 1.7.0
         */
        COLOR,
        /**
         * The name of a file under the plugin's or theme's {@code assets/} folder ({@code img/logo.svg}): relative,
         * no {@code ..} segment, no leading {@code /}, no backslash; empty for none. Since 1.7.0.
         *
         * @since 1.7.0
         */
        ASSET
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
        if ((min != null || max != null) && type != Type.INTEGER) {
            throw new IllegalArgumentException("a range is for INTEGER settings; " + key + " is " + type);
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("the range of " + key + " is empty: " + min + " > " + max);
        }
    }

    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("KAMISHOP_[A-Z0-9_]+");

    /** A setting without a range: the constructor of API 1.6. */
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
            boolean generated,
            String environmentVariable) {
        this(
                key,
                type,
                label,
                help,
                required,
                secret,
                defaultValue,
                options,
                pattern,
                generated,
                environmentVariable,
                null,
                null);
    }

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
                environmentVariable,
                min,
                max);
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
                environmentVariable,
                min,
                max);
    }

    public SettingDefinition asRequired() {
        return new SettingDefinition(
                key,
                type,
                label,
                help,
                true,
                secret,
                defaultValue,
                options,
                pattern,
                generated,
                environmentVariable,
                min,
                max);
    }

    public SettingDefinition withDefault(String value) {
        return new SettingDefinition(
                key,
                type,
                label,
                help,
                required,
                secret,
                value,
                options,
                pattern,
                generated,
                environmentVariable,
                min,
                max);
    }

    public SettingDefinition withPattern(String regex) {
        return new SettingDefinition(
                key,
                type,
                label,
                help,
                required,
                secret,
                defaultValue,
                options,
                regex,
                generated,
                environmentVariable,
                min,
                max);
    }

    /** Asks the host to store a random value (32 random bytes, hex) on first start when none is set. */
    public SettingDefinition generatedIfMissing() {
        return new SettingDefinition(
                key,
                type,
                label,
                help,
                required,
                secret,
                defaultValue,
                options,
                pattern,
                true,
                environmentVariable,
                min,
                max);
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
                key,
                type,
                label,
                help,
                required,
                secret,
                defaultValue,
                options,
                pattern,
                generated,
                variable,
                min,
                max);
    }

    /**
     * Limits an {@link Type#INTEGER} setting to the whole numbers from {@code min} to {@code max}, both included;
     * the store refuses any other number for that field, naming the bounds. Give a default inside the range.
     *
     * @throws IllegalArgumentException if this is not an {@code INTEGER} setting, or {@code min > max}
     * @since 1.7.0
     */
    public SettingDefinition withRange(long min, long max) {
        return new SettingDefinition(
                key,
                type,
                label,
                help,
                required,
                secret,
                defaultValue,
                options,
                pattern,
                generated,
                environmentVariable,
                min,
                max);
    }

    /**
     * A colour setting ({@link Type#COLOR}): a CSS hex colour such as {@code #1d4ed8}.
     *
     * @param defaultValue the colour used when none is stored, or {@code null} for none
     * @since 1.7.0
     */
    public static SettingDefinition color(String key, String label, String defaultValue) {
        return new SettingDefinition(key, Type.COLOR, label, "", false, false, defaultValue, List.of(), null, false);
    }

    /**
     * A file under the {@code assets/} folder ({@link Type#ASSET}), such as a logo; empty for none.
     *
     * @param defaultValue the file used when none is stored, or {@code null} for none
     * @since 1.7.0
     */
    public static SettingDefinition asset(String key, String label, String defaultValue) {
        return new SettingDefinition(key, Type.ASSET, label, "", false, false, defaultValue, List.of(), null, false);
    }
}
