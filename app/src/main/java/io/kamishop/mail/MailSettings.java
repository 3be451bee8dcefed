package io.kamishop.mail;

import io.kamishop.api.SettingDefinition;
import io.kamishop.config.AppConfig;
import io.kamishop.crypto.SecretBox;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.ScopedSettings;
import io.kamishop.settings.SettingsScope;
import io.kamishop.settings.SettingsValidator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * SMTP settings: the environment ({@code KAMISHOP_SMTP_HOST}, {@code _PORT}, {@code _USERNAME},
 * {@code _PASSWORD}, {@code _FROM}, {@code _SECURITY}) or the config file win; else what the admin
 * stored; else the defaults. The stored password is sealed with AES-256-GCM and reads back as
 * {@code ********}. Kept in the one settings store's {@code mail} scope, so another node's change is seen
 * within milliseconds.
 */
public final class MailSettings {

    static final String MASK = SettingsValidator.MASK;

    /** The settings, declared as plugins declare theirs and checked by the same validator. */
    static final List<SettingDefinition> SCHEMA = List.of(
            smtp(SettingDefinition.string("host", "SMTP host")),
            smtp(SettingDefinition.integer("port", "Port", 587)
                    .withPattern("\\d{1,5}")
                    .withHelp("a port number")),
            smtp(SettingDefinition.string("username", "User name")),
            smtp(SettingDefinition.secret("password", "Password")),
            smtp(SettingDefinition.string("from", "From")
                    .withPattern("[^@\\s]+@[^@\\s]+")
                    .withHelp("an email address")),
            smtp(SettingDefinition.choice("security", "Security", "starttls", List.of("starttls", "ssl", "none"))),
            smtp(SettingDefinition.string("allowPlaintextPassword", "Allow a password without TLS")
                    .withType(SettingDefinition.Type.BOOLEAN)
                    .withDefault("false")));

    private static final Map<String, SettingDefinition> BY_NAME = byName();

    /** The settings' schema, for the admin's form drawn from it. */
    public static List<SettingDefinition> schema() {
        return SCHEMA;
    }

    private final ScopedSettings settings;
    private final SettingsScope scope;
    private final AppConfig config;

    /** @param box the mail's sub-key, which seals the SMTP password */
    public MailSettings(ScopedSettings settings, SecretBox box, AppConfig config) {
        this.settings = settings;
        this.scope = new SettingsScope("mail", box, "mail setting ");
        this.config = config;
    }

    public SmtpSettings current() {
        Map<String, String> stored = stored();
        Map<String, String> v = new HashMap<>();
        for (String name : BY_NAME.keySet()) {
            effective(name, stored).ifPresent(value -> v.put(name, value));
        }
        int port;
        try {
            port = Integer.parseInt(v.getOrDefault("port", "587"));
        } catch (NumberFormatException e) {
            port = 587;
        }
        return new SmtpSettings(
                v.get("host"),
                port,
                v.get("username"),
                v.get("password"),
                v.get("from"),
                v.get("security"),
                "true".equals(v.get("allowPlaintextPassword")));
    }

    /** For the admin: every setting, the password masked, and which ones the environment fixes. */
    public Map<String, Object> view() {
        Map<String, String> stored = stored();
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> fixed = new java.util.ArrayList<>();
        for (String name : BY_NAME.keySet()) {
            Optional<String> value = effective(name, stored);
            values.put(name, name.equals("password") ? value.map(x -> MASK).orElse(null) : value.orElse(null));
            if (config.override(envName(name)).isPresent()) {
                fixed.add(name);
            }
        }
        values.put("setByEnvironment", fixed);
        return values;
    }

    /** Stores the given settings (a password sent as {@code ********} keeps the stored one); 422 when invalid. */
    public void store(Map<String, String> values) {
        Map<String, String> stored = stored();
        Map<String, String> problems = new LinkedHashMap<>(SettingsValidator.problems(SCHEMA, values, stored));
        if (problems.isEmpty()) {
            problems.putAll(passwordProblems(values, stored));
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_config", "the mail settings are not valid", problems);
        }
        // An emptied setting reads as unset: the environment's or the default.
        settings.change(scope).putChecked(SCHEMA, values).commit();
    }

    /**
     * The password goes only where it was entered, and only encrypted: a new host (or port) needs it
     * typed again, so someone who may change settings but never saw it cannot have it sent to a server
     * of theirs; and {@code security=none} with a password needs {@code allowPlaintextPassword=true}.
     */
    private Map<String, String> passwordProblems(Map<String, String> values, Map<String, String> stored) {
        Map<String, String> problems = new LinkedHashMap<>();
        String sentPassword = values.get("password");
        boolean reEntered = sentPassword != null && !sentPassword.isEmpty() && !sentPassword.equals(MASK);
        boolean keepsStored = !reEntered
                && !"".equals(sentPassword)
                && effective("password", stored).isPresent();
        for (String endpoint : List.of("host")) {
            if (values.containsKey(endpoint)
                    && keepsStored
                    && !values.get(endpoint)
                            .strip()
                            .equals(effective(endpoint, stored).orElse("").strip())) {
                problems.put("password", "enter it again: the " + endpoint + " it is sent to changed");
            }
        }
        Map<String, String> after = new HashMap<>(stored);
        values.forEach((name, value) -> {
            if (!(name.equals("password") && value.equals(MASK))) {
                after.put(name, value);
            }
        });
        // The password is only sent with a user name (SMTP AUTH); without one it stays at home.
        boolean hasPassword = effective("password", after).isPresent()
                && effective("username", after).isPresent();
        boolean plaintext = "none".equals(effective("security", after).orElse("starttls"));
        if (hasPassword
                && plaintext
                && !"true".equals(effective("allowPlaintextPassword", after).orElse("false"))) {
            problems.put(
                    "security",
                    "would send the password unencrypted: use starttls or ssl, or set allowPlaintextPassword to true");
        }
        return problems;
    }

    private Optional<String> effective(String name, Map<String, String> stored) {
        return config.override(envName(name))
                .or(() -> Optional.ofNullable(stored.get(name)).filter(v -> !v.isEmpty()))
                .or(() -> Optional.ofNullable(BY_NAME.get(name)).map(SettingDefinition::defaultValue));
    }

    private Map<String, String> stored() {
        return settings.values(scope);
    }

    private static String envName(String name) {
        // Only called with the names of BY_NAME's own definitions.
        return Objects.requireNonNull(BY_NAME.get(name), name).environmentVariable();
    }

    private static SettingDefinition smtp(SettingDefinition definition) {
        return definition.withEnvironmentVariable(
                "KAMISHOP_SMTP_" + definition.key().toUpperCase(java.util.Locale.ROOT));
    }

    private static Map<String, SettingDefinition> byName() {
        Map<String, SettingDefinition> byName = new LinkedHashMap<>();
        SCHEMA.forEach(d -> byName.put(d.key(), d));
        return byName;
    }
}
