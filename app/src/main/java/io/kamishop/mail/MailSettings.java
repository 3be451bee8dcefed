package io.kamishop.mail;

import io.kamishop.config.AppConfig;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SMTP settings: the environment ({@code KAMISHOP_SMTP_HOST}, {@code _PORT}, {@code _USERNAME},
 * {@code _PASSWORD}, {@code _FROM}, {@code _SECURITY}) or the config file win; else what the admin
 * stored; else the defaults. The stored password is sealed with AES-256-GCM and reads back as
 * {@code ********}. Read from the database each time: settings change rarely and mails are few, and
 * another node's change is then seen at once.
 */
public final class MailSettings {

    static final String MASK = "********";
    private static final List<String> NAMES =
            List.of("host", "port", "username", "password", "from", "security", "allowPlaintextPassword");
    private static final Map<String, String> DEFAULTS = Map.of("port", "587", "security", "starttls");

    private final Database database;
    private final SecretBox box;
    private final AppConfig config;
    private final Clock clock;

    public MailSettings(Database database, SecretBox box, AppConfig config, Clock clock) {
        this.database = database;
        this.box = box;
        this.config = config;
        this.clock = clock;
    }

    public SmtpSettings current() {
        Map<String, String> stored = stored();
        Map<String, String> v = new HashMap<>();
        for (String name : NAMES) {
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
        for (String name : NAMES) {
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
        Map<String, String> problems = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (!NAMES.contains(name)) {
                problems.put(name, "unknown setting");
            } else if (name.equals("port") && !value.matches("\\d{1,5}")) {
                problems.put(name, "must be a port number");
            } else if (name.equals("security")
                    && !List.of("starttls", "ssl", "none").contains(value)) {
                problems.put(name, "must be starttls, ssl or none");
            } else if (name.equals("from") && !value.isEmpty() && !value.matches("[^@\\s]+@[^@\\s]+")) {
                problems.put(name, "must be an email address");
            } else if (value.length() > 500) {
                problems.put(name, "is too long");
            } else if (name.equals("allowPlaintextPassword")
                    && !List.of("true", "false", "").contains(value)) {
                problems.put(name, "must be true or false");
            }
        });
        if (problems.isEmpty()) {
            problems.putAll(passwordProblems(values, stored()));
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_config", "the mail settings are not valid", problems);
        }
        long now = clock.millis();
        database.write(h -> {
            MailSettingsDao settings = h.dao(MailSettingsDao.class);
            values.forEach((name, value) -> {
                if (name.equals("password") && value.equals(MASK)) {
                    return;
                }
                boolean secret = name.equals("password");
                String stored = secret && !value.isEmpty() ? box.sealText(value, associatedData(name)) : value;
                settings.delete(name);
                settings.insert(name, stored, secret && !value.isEmpty(), now);
            });
            return null;
        });
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
                .or(() -> Optional.ofNullable(DEFAULTS.get(name)));
    }

    private Map<String, String> stored() {
        return database.read(h -> {
            Map<String, String> values = new HashMap<>();
            for (MailSettingsDao.Setting setting : h.dao(MailSettingsDao.class).all()) {
                String name = setting.name();
                values.put(
                        name, setting.secret() ? box.openText(setting.value(), associatedData(name)) : setting.value());
            }
            return values;
        });
    }

    private static String envName(String name) {
        return "KAMISHOP_SMTP_" + name.toUpperCase(java.util.Locale.ROOT);
    }

    private static String associatedData(String name) {
        return "mail setting " + name;
    }
}
