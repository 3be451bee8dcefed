package io.kamishop.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.kamishop.cluster.ChangeBus;
import io.kamishop.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Store settings a merchant changes at run time (store name, theme, hold minutes, storefront languages). A value comes
 * from, lowest first: the built-in default, the config file, the value stored from the admin, the
 * environment. Reads are cached; a change on any node is announced on the {@link ChangeBus} when
 * it commits and every node drops its copy, so all of them see it within milliseconds. The cache
 * also expires after a minute, a safety net should an announcement ever be lost.
 */
public final class StoreSettings {

    /**
     * A setting the merchant can change: its environment name, default and validity check.
     *
     * @param jsonProblem for a setting whose value is a JSON object: why a value is not acceptable (null when it is);
     *                    null for a plain text setting
     */
    public record Definition(String name, String envName, String defaultValue, Predicate<String> valid, String rule,
                             Function<String, String> jsonProblem) {

        public Definition(String name, String envName, String defaultValue, Predicate<String> valid, String rule) {
            this(name, envName, defaultValue, valid, rule, null);
        }

        static Definition json(String name, String envName, String rule, Function<String, String> problem) {
            return new Definition(name, envName, "{}", v -> problem.apply(v) == null, rule, problem);
        }

        /** The value is a JSON object: the settings API reads and takes it as one, the admin has its own form for it. */
        public boolean isJson() {
            return jsonProblem != null;
        }
    }

    public static final Definition STORE_NAME = new Definition("storeName", "KAMISHOP_STORE_NAME", "Kamishop",
            v -> !v.isBlank() && v.length() <= 100 && io.kamishop.domain.DisplayNames.isPrintable(v),
            "1 to 100 characters " + io.kamishop.domain.DisplayNames.RULE);
    public static final Definition THEME = new Definition("theme", "KAMISHOP_THEME", "default",
            v -> v.matches("[a-z0-9][a-z0-9_-]{0,63}"), "a theme folder name: lowercase letters, digits, - and _");
    public static final Definition ORDER_HOLD_MINUTES = new Definition("orderHoldMinutes", "KAMISHOP_ORDER_HOLD_MINUTES", "15",
            v -> isIntBetween(v, 1, 1440), "a whole number of minutes from 1 to 1440");
    public static final Definition MAX_QUANTITY = new Definition("maxQuantityPerOrder", "KAMISHOP_MAX_QUANTITY_PER_ORDER", "100",
            v -> isIntBetween(v, 1, 10_000), "a whole number from 1 to 10000");

    /** The languages the storefront speaks (its {@code Languages.ALL}; a storefront test pins that they agree). */
    public static final List<String> SPOKEN_LANGUAGES = List.of("en", "zh-CN");
    public static final Definition LANGUAGES = new Definition("languages", "KAMISHOP_LANGUAGES", "en,zh-CN",
            StoreSettings::isLanguageList, "the storefront languages offered, comma-separated, from: en, zh-CN");
    public static final Definition DEFAULT_LANGUAGE = new Definition("defaultLanguage", "KAMISHOP_DEFAULT_LANGUAGE", "en",
            v -> SPOKEN_LANGUAGES.contains(v.strip()),
            "en or zh-CN: the storefront language when the browser asks for none offered (an offered one is used if it is not)");

    /** Per payment channel surcharge, see {@link ChannelTerms} and docs/payments.md. */
    public static final Definition CHANNEL_FEES = Definition.json("channelFees", "KAMISHOP_CHANNEL_FEES",
            "a JSON object {\"<channel id>\": {\"percent\": 0 to 100 (2 decimals), \"fixed\": minor units}}",
            ChannelTerms::feesProblem);
    /** Per payment channel order amount range, see {@link ChannelTerms} and docs/payments.md. */
    public static final Definition CHANNEL_LIMITS = Definition.json("channelLimits", "KAMISHOP_CHANNEL_LIMITS",
            "a JSON object {\"<channel id>\": {\"min\": minor units, \"max\": minor units}}",
            ChannelTerms::limitsProblem);

    // Automatic refunds (issue 20), off by default: a merchant decides to let the store give money back.
    public static final Definition AUTO_REFUND_LATE = new Definition("autoRefundLatePayments", "KAMISHOP_AUTO_REFUND_LATE_PAYMENTS",
            "false", StoreSettings::isBoolean, "true or false: refund a payment that arrived after its order expired or was cancelled");
    public static final Definition AUTO_REFUND_DUPLICATE = new Definition("autoRefundDuplicatePayments",
            "KAMISHOP_AUTO_REFUND_DUPLICATE_PAYMENTS", "false", StoreSettings::isBoolean,
            "true or false: refund a second payment of an order already paid (the order keeps its keys)");
    public static final Definition AUTO_REFUND_UNDELIVERABLE = new Definition("autoRefundUndeliverable",
            "KAMISHOP_AUTO_REFUND_UNDELIVERABLE", "false", StoreSettings::isBoolean,
            "true or false: refund a paid order that cannot be delivered (key generation failed, rejected after review)");
    public static final Definition AUTO_REFUND_DELAY_MINUTES = new Definition("autoRefundDelayMinutes",
            "KAMISHOP_AUTO_REFUND_DELAY_MINUTES", "60", v -> isIntBetween(v, 0, 43_200),
            "a whole number of minutes from 0 to 43200: how long after the payment an automatic refund waits");

    // The store's own bot brake (issue 25), off by default: checkout and look-ups ask for a solved challenge.
    public static final Definition PROOF_OF_WORK = new Definition("proofOfWork", "KAMISHOP_PROOF_OF_WORK", "false",
            StoreSettings::isBoolean, "true or false: ask buyers' browsers and API callers to solve a small proof-of-work "
            + "challenge before placing an order or looking orders up");
    public static final Definition PROOF_OF_WORK_BITS = new Definition("proofOfWorkBits", "KAMISHOP_PROOF_OF_WORK_BITS", "16",
            v -> isIntBetween(v, 4, 26), "a whole number from 4 to 26: the challenge's difficulty in leading zero bits "
            + "(16 is about 65,000 hashes, under a second in a phone's browser)");

    private static final List<Definition> BOOLEANS = List.of(AUTO_REFUND_LATE, AUTO_REFUND_DUPLICATE, AUTO_REFUND_UNDELIVERABLE,
            PROOF_OF_WORK);

    private static final Map<String, Definition> ALL = index(STORE_NAME, THEME, ORDER_HOLD_MINUTES, MAX_QUANTITY, LANGUAGES,
            DEFAULT_LANGUAGE, CHANNEL_FEES, CHANNEL_LIMITS, AUTO_REFUND_LATE, AUTO_REFUND_DUPLICATE, AUTO_REFUND_UNDELIVERABLE,
            AUTO_REFUND_DELAY_MINUTES, PROOF_OF_WORK, PROOF_OF_WORK_BITS);

    private final Database database;
    private final AppConfig config;
    private final Clock clock;
    private final LoadingCache<String, Optional<String>> stored;
    private final ChangeBus bus;

    public StoreSettings(Database database, AppConfig config, Clock clock, ChangeBus bus) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.bus = bus;
        this.stored = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1))
                .build(name -> database.read(h -> h.createQuery("SELECT value FROM store_settings WHERE name = :name")
                        .bind("name", name).mapTo(String.class).findOne()));
        bus.subscribe(ChangeBus.SETTINGS, changed -> stored.invalidateAll());
    }

    public static Map<String, Definition> definitions() {
        return ALL;
    }

    public String get(Definition definition) {
        return config.override(definition.envName())
                .or(() -> stored.get(definition.name()))
                .orElse(definition.defaultValue());
    }

    public int getInt(Definition definition) {
        return Integer.parseInt(get(definition));
    }

    /** All settings with their current values. */
    public Map<String, Object> all() {
        Map<String, Object> values = new LinkedHashMap<>();
        ALL.values().forEach(d -> values.put(d.name(), d == ORDER_HOLD_MINUTES || d == MAX_QUANTITY || d == AUTO_REFUND_DELAY_MINUTES
                || d == PROOF_OF_WORK_BITS
                ? getInt(d) : BOOLEANS.contains(d) ? (Object) getBoolean(d) : d.isJson() ? ChannelTerms.tree(get(d)) : get(d)));
        return values;
    }

    /** Stores validated values; the caller has already checked every one with {@link #problem}. */
    public void store(Map<String, String> values) {
        long now = clock.millis();
        database.write(h -> {
            // One upsert: an UPDATE-then-INSERT pair lets two nodes both insert and one fail.
            values.forEach((name, value) -> h.createUpdate("INSERT INTO store_settings (name, value, updated_at) "
                            + "VALUES (:name, :value, :now) "
                            + "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
                    .bind("name", name).bind("value", value).bind("now", now).execute());
            bus.publish(ChangeBus.SETTINGS, String.join(",", values.keySet()));
            return null;
        });
        stored.invalidateAll(values.keySet());
    }

    /** Why a value is not acceptable for a setting, or empty when it is. */
    public static Optional<String> problem(String name, String value) {
        Definition definition = ALL.get(name);
        if (definition == null) {
            return Optional.of("unknown setting");
        }
        if (value != null && definition.isJson()) {
            // Say which channel and field is wrong: "must be <the whole shape>" alone leaves the merchant guessing.
            return Optional.ofNullable(definition.jsonProblem().apply(value)).map(p -> p + "; must be " + definition.rule());
        }
        return value != null && definition.valid().test(value) ? Optional.empty() : Optional.of("must be " + definition.rule());
    }

    /** The offered languages, in the order given; the spoken ones only, never empty. */
    public List<String> offeredLanguages() {
        List<String> offered = Arrays.stream(get(LANGUAGES).split(",")).map(String::strip)
                .filter(SPOKEN_LANGUAGES::contains).distinct().toList();
        return offered.isEmpty() ? SPOKEN_LANGUAGES : offered;
    }

    public boolean getBoolean(Definition definition) {
        return Boolean.parseBoolean(get(definition).strip());
    }

    private static boolean isBoolean(String value) {
        return value.strip().equals("true") || value.strip().equals("false");
    }

    private static boolean isLanguageList(String value) {
        List<String> tags = Arrays.stream(value.split(",", -1)).map(String::strip).toList();
        return !tags.isEmpty() && SPOKEN_LANGUAGES.containsAll(tags) && tags.stream().distinct().count() == tags.size();
    }

    private static boolean isIntBetween(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            return n >= min && n <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Map<String, Definition> index(Definition... definitions) {
        Map<String, Definition> map = new LinkedHashMap<>();
        for (Definition d : definitions) {
            map.put(d.name(), d);
        }
        return map;
    }
}
