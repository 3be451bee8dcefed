package io.kamishop.settings;

import io.kamishop.api.SettingDefinition;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Checks submitted settings against their declared schema ({@link SettingDefinition}s, the plugin API's type), field
 * by field: a plugin's, a theme's, and the store's own (its settings, mail and Telegram). What a schema cannot say
 * (a mail password that must be entered again, a theme's asset that must exist) each feature checks on top.
 */
public final class SettingsValidator {

    /** What the API shows instead of a stored secret; sent back unchanged, it keeps the stored value. */
    public static final String MASK = "********";

    private SettingsValidator() {}

    /**
     * What is wrong with one setting.
     *
     * @param code    stable id of the kind of problem, for the admin's translation ({@code setting_problem_<code>})
     * @param message the English sentence, following the setting's name ("is required")
     * @param detail  a language-neutral fragment the translation is followed by (allowed options, algorithms), or empty
     */
    public record Problem(String code, String message, String detail) {
        static Problem of(String code, String message) {
            return new Problem(code, message, "");
        }
    }

    /**
     * @param submitted the values sent (a {@code null} value clears the setting)
     * @param stored    what is stored now, secrets opened
     * @return problems by key; empty when everything may be stored
     */
    public static Map<String, String> problems(
            List<SettingDefinition> schema, Map<String, String> submitted, Map<String, String> stored) {
        Map<String, String> messages = new LinkedHashMap<>();
        check(schema, submitted, stored).forEach((key, problem) -> messages.put(key, problem.message()));
        return messages;
    }

    /** Like {@link #problems}, each problem with its code for translation. */
    public static Map<String, Problem> check(
            List<SettingDefinition> schema, Map<String, String> submitted, Map<String, String> stored) {
        Map<String, Problem> problems = new LinkedHashMap<>();
        Map<String, SettingDefinition> byKey = new LinkedHashMap<>();
        schema.forEach(d -> byKey.put(d.key(), d));
        submitted.keySet().stream()
                .filter(k -> !byKey.containsKey(k))
                .forEach(k -> problems.put(k, Problem.of("unknown_setting", "is not a known setting")));
        for (SettingDefinition definition : schema) {
            String key = definition.key();
            String value = submitted.containsKey(key) ? submitted.get(key) : stored.get(key);
            if (definition.secret() && MASK.equals(value)) {
                value = stored.get(key);
            }
            if (value == null || value.isBlank()) {
                if (definition.required() && definition.defaultValue() == null && !definition.generated()) {
                    problems.put(key, Problem.of("required", "is required"));
                }
                continue;
            }
            Problem problem = problemWith(definition, value);
            if (problem != null && submitted.containsKey(key)) {
                problems.put(key, problem);
            }
        }
        refuseOwnPublicKeyForTheGateways(schema, submitted, stored, problems);
        requireSecretsAgainWhereTheyGoChanged(schema, submitted, stored, problems);
        return problems;
    }

    /**
     * A public-key setting holds the other side's key; the public half of one of the plugin's own
     * private keys there (the Alipay app's public key pasted as Alipay's) can verify nothing the
     * gateway signs. Checked when either key is part of this save, against the stored one otherwise.
     */
    private static void refuseOwnPublicKeyForTheGateways(
            List<SettingDefinition> schema,
            Map<String, String> submitted,
            Map<String, String> stored,
            Map<String, Problem> problems) {
        for (SettingDefinition publicKey : schema) {
            if (publicKey.type() != SettingDefinition.Type.PUBLIC_KEY || problems.containsKey(publicKey.key())) {
                continue;
            }
            for (SettingDefinition privateKey : schema) {
                if (privateKey.type() != SettingDefinition.Type.PRIVATE_KEY
                        || problems.containsKey(privateKey.key())
                        || !(submitted.containsKey(publicKey.key()) || submitted.containsKey(privateKey.key()))) {
                    continue;
                }
                String publicText = current(publicKey, submitted, stored);
                String privateText = current(privateKey, submitted, stored);
                if (publicText != null
                        && privateText != null
                        && KeySettingCheck.isOwnPublicKey(privateText, publicText)) {
                    problems.put(
                            publicKey.key(),
                            new Problem(
                                    "own_public_key",
                                    "is the public key of this store's own private key (" + privateKey.label()
                                            + "); paste the gateway's public key here",
                                    privateKey.label()));
                }
            }
        }
    }

    private static @Nullable String current(
            SettingDefinition definition, Map<String, String> submitted, Map<String, String> stored) {
        String value = submitted.containsKey(definition.key())
                ? submitted.get(definition.key())
                : stored.get(definition.key());
        if (definition.secret() && MASK.equals(value)) {
            value = stored.get(definition.key());
        }
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * A secret shown as {@link #MASK} is sent to the plugin's URLs (a gateway base URL, a webhook).
     * Whoever can change the URL but does not know the secret must not be able to redirect it to a
     * server of theirs: when a URL changes, every stored secret kept by the mask (or left out) must
     * be entered again in the same save.
     */
    private static void requireSecretsAgainWhereTheyGoChanged(
            List<SettingDefinition> schema,
            Map<String, String> submitted,
            Map<String, String> stored,
            Map<String, Problem> problems) {
        boolean endpointChanged = schema.stream()
                .filter(d -> d.type() == SettingDefinition.Type.URL && !d.secret())
                .anyMatch(d -> submitted.containsKey(d.key())
                        && !sameUrl(effective(d, submitted.get(d.key())), effective(d, stored.get(d.key()))));
        if (!endpointChanged) {
            return;
        }
        for (SettingDefinition d : schema) {
            String kept = stored.get(d.key());
            String sent = submitted.get(d.key());
            boolean reEntered = submitted.containsKey(d.key()) && sent != null && !sent.isBlank() && !MASK.equals(sent);
            if (d.secret()
                    && kept != null
                    && !kept.isBlank()
                    && !reEntered
                    && !(submitted.containsKey(d.key()) && sent == null)) {
                problems.putIfAbsent(
                        d.key(), Problem.of("enter_again", "enter it again: the URL it is sent to changed"));
            }
        }
    }

    private static @Nullable String effective(SettingDefinition definition, @Nullable String value) {
        return value == null || value.isBlank() ? definition.defaultValue() : value.strip();
    }

    private static boolean sameUrl(@Nullable String a, @Nullable String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return stripSlash(a).equals(stripSlash(b));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * A checked value as it is stored: a {@code MULTI_CHOICE} as the comma list of its options in the options'
     * order (whatever order or separators it came in); any other as it is.
     */
    public static String normalised(SettingDefinition definition, String value) {
        if (definition.type() != SettingDefinition.Type.MULTI_CHOICE || value == null) {
            return value;
        }
        List<String> chosen = List.of(value.strip().split("\\s*[,\\r\\n]\\s*"));
        return String.join(
                ",", definition.options().stream().filter(chosen::contains).toList());
    }

    /** A CSS hex colour, {@code #rgb}, {@code #rgba}, {@code #rrggbb} or {@code #rrggbbaa}: safe to write into a stylesheet. */
    public static boolean isColor(@Nullable String value) {
        return value != null && COLOR.matcher(value).matches();
    }

    /**
     * A file name under an {@code assets/} folder, or empty for none: relative segments of letters, digits and
     * {@code _ - .}, none starting with a dot and no {@code ..} anywhere, so no leading {@code /}, no backslash, no way
     * out of the folder.
     */
    public static boolean isAssetName(String value) {
        return value.isEmpty()
                || value.length() <= 200
                        && !value.contains("..")
                        && ASSET_NAME.matcher(value).matches();
    }

    private static final Pattern COLOR = Pattern.compile("#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
    private static final Pattern ASSET_NAME =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

    private static @Nullable Problem outsideRange(SettingDefinition definition, long number) {
        Long min = definition.min();
        Long max = definition.max();
        if ((min == null || number >= min) && (max == null || number <= max)) {
            return null;
        }
        if (min != null && max != null) {
            return new Problem("out_of_range", "must be a whole number from " + min + " to " + max, min + "–" + max);
        }
        return min != null
                ? new Problem("out_of_range", "must be a whole number of at least " + min, "≥ " + min)
                : new Problem("out_of_range", "must be a whole number of at most " + max, "≤ " + max);
    }

    /**
     * What is wrong with one value as its setting declares it, or {@code null} when it may be stored. Unlike
     * {@link #check}, a blank value is checked like any other rather than read as "unset": for the store's own
     * settings, which keep every value as it was given.
     */
    public static @Nullable Problem problemWith(SettingDefinition definition, String value) {
        if (value.length() > 65_536) {
            return Problem.of("too_long", "is too long");
        }
        switch (definition.type()) {
            case INTEGER -> {
                long number;
                try {
                    number = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    return Problem.of("not_integer", "must be a whole number");
                }
                Problem outside = outsideRange(definition, number);
                if (outside != null) {
                    return outside;
                }
            }
            case COLOR -> {
                if (!isColor(value)) {
                    return Problem.of(
                            "not_color", "must be a colour such as #1d4ed8 (#rgb, #rgba, #rrggbb or #rrggbbaa)");
                }
            }
            case ASSET -> {
                if (!isAssetName(value)) {
                    return Problem.of(
                            "not_asset",
                            "must be the name of a file under assets/, such as img/logo.svg (relative, no '..'), or empty");
                }
            }
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    return Problem.of("not_boolean", "must be true or false");
                }
            }
            case ENUM -> {
                if (!definition.options().contains(value)) {
                    return new Problem(
                            "not_an_option",
                            "must be one of " + String.join(", ", definition.options()),
                            String.join(", ", definition.options()));
                }
            }
            case MULTI_CHOICE -> {
                // Commas as stored; line breaks too, as API clients wrote the lists these settings were before 1.4.
                for (String chosen : value.strip().split("\\s*[,\\r\\n]\\s*", -1)) {
                    if (!definition.options().contains(chosen)) {
                        return new Problem(
                                "not_an_option",
                                "must be a comma list of " + String.join(", ", definition.options()),
                                String.join(", ", definition.options()));
                    }
                }
            }
            case URL -> {
                try {
                    URI uri = URI.create(value.trim());
                    if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                        return Problem.of("not_url", "must be an http or https URL");
                    }
                } catch (IllegalArgumentException e) {
                    return Problem.of("not_url", "must be an http or https URL");
                }
            }
            case PRIVATE_KEY, PUBLIC_KEY -> {
                Problem problem = KeySettingCheck.problem(definition, value);
                if (problem != null) {
                    return problem;
                }
            }
            default -> {
                // STRING, TEXT, LIST: free text, checked by the pattern if any
            }
        }
        if (definition.pattern() != null) {
            try {
                if (!Pattern.compile(definition.pattern()).matcher(value).matches()) {
                    return Problem.of("bad_format", "does not have the expected format");
                }
            } catch (PatternSyntaxException e) {
                return null; // the plugin's pattern is broken; do not punish the merchant for it
            }
        }
        return null;
    }
}
