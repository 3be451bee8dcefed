package io.kamishop.config;

import io.kamishop.api.SettingDefinition;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.ScopedSettings;
import io.kamishop.settings.SettingsScope;
import io.kamishop.settings.SettingsValidator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Store settings a merchant changes at run time (store name, theme, hold minutes, storefront languages). A value comes
 * from, lowest first: the built-in default, the config file, the value stored from the admin, the
 * environment. The stored values are the {@link SettingsScope#STORE} scope of the one settings store, which
 * caches them and has every node see a change within milliseconds.
 */
public final class StoreSettings {

    // Read once, before anything else of the class: getAvailableZoneIds() copies its ~600 ids into a
    // new set on every call, and zone() was asked per row by readers that bucket sums into days (the
    // dashboard asked it ~3,000 times a view on a big store).
    private static final java.util.Set<String> REGION_ZONES =
            java.util.Set.copyOf(java.time.ZoneId.getAvailableZoneIds());

    /** Each setting's label in English, for its schema (the admin shows {@code setting_<name>} in its language). */
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("storeName", "Store name"),
            Map.entry("theme", "Theme"),
            Map.entry("timeZone", "Time zone (admin dates, dashboard, reports)"),
            Map.entry("orderHoldMinutes", "Minutes a pending order holds its stock"),
            Map.entry("maxQuantityPerOrder", "Most units in one order"),
            Map.entry("languages", "Storefront languages offered"),
            Map.entry("defaultLanguage", "Storefront default language"),
            Map.entry("channelFees", "Payment channel fees"),
            Map.entry("channelLimits", "Payment channel order limits"),
            Map.entry("autoRefundLatePayments", "Refund late payments automatically"),
            Map.entry("autoRefundDuplicatePayments", "Refund second payments automatically"),
            Map.entry("autoRefundUndeliverable", "Refund orders that cannot be delivered automatically"),
            Map.entry("autoRefundDelayMinutes", "Minutes an automatic refund waits after the payment"),
            Map.entry("showStockCount", "Show buyers the number in stock"),
            Map.entry("lowStockThreshold", "Show \"few left\" at or below this many units (0: never)"),
            Map.entry("announcement", "Announcement banner on every storefront page"),
            Map.entry("contactTelegram", "Contact: Telegram username"),
            Map.entry("contactQq", "Contact: QQ number"),
            Map.entry("contactEmail", "Contact: e-mail address"),
            Map.entry("proofOfWork", "Proof of work before orders and look-ups"),
            Map.entry("proofOfWorkBits", "Proof-of-work difficulty (bits)"),
            Map.entry(
                    "proofOfWorkSuspiciousAttempts",
                    "With the brake off, ask only addresses that order or look up more than this often in ten minutes"),
            Map.entry("affiliateWindowDays", "Referral window (days)"),
            Map.entry("affiliateHoldDays", "Commission hold (days)"),
            Map.entry("archiveWarmAfterDays", "Archive finished orders older than this many days (0: never)"),
            Map.entry(
                    "archiveColdAfterDays",
                    "Move archived orders older than this many days to cold storage (0: never)"));

    /**
     * A setting the merchant can change, declared as plugins declare theirs ({@link SettingDefinition}: key, type,
     * label, the rule as help, default, environment variable) and checked by the same validator, with the store's
     * own check on top for what a schema cannot say (a time zone id, a language list, the channel fees' JSON).
     *
     * @param schema the setting's declaration; its help is the rule the settings API names in a refusal
     * @param json   the value is a JSON object: the settings API reads and answers it as one, the admin has its own
     *               form for it
     * @param check  the store's own check, run on a value the schema accepts: {@code null} when the value is
     *               acceptable, {@code ""} when the rule says it all, else the detail (which channel and field of a
     *               JSON setting is wrong)
     */
    public record Definition(SettingDefinition schema, boolean json, Function<String, @Nullable String> check) {

        private static final Function<String, @Nullable String> NOTHING_MORE = v -> null;

        static Definition text(String name, String envName, String defaultValue, Predicate<String> valid, String rule) {
            return new Definition(
                    declare(SettingDefinition.Type.STRING, name, envName, defaultValue, rule),
                    false,
                    v -> valid.test(v) ? null : "");
        }

        /** A text the schema's pattern says all about (matched after stripping, as it is stored). */
        static Definition matching(String name, String envName, String defaultValue, String regex, String rule) {
            return new Definition(
                    declare(SettingDefinition.Type.STRING, name, envName, defaultValue, rule)
                            .withPattern(regex),
                    false,
                    NOTHING_MORE);
        }

        static Definition choice(String name, String envName, String defaultValue, List<String> options, String rule) {
            return new Definition(
                    new SettingDefinition(
                            name,
                            SettingDefinition.Type.ENUM,
                            label(name),
                            rule,
                            false,
                            false,
                            defaultValue,
                            options,
                            null,
                            false,
                            envName),
                    false,
                    NOTHING_MORE);
        }

        static Definition wholeNumber(String name, String envName, String defaultValue, int min, int max, String rule) {
            return new Definition(
                    declare(SettingDefinition.Type.INTEGER, name, envName, defaultValue, rule)
                            .withRange(min, max),
                    false,
                    NOTHING_MORE);
        }

        static Definition bool(String name, String envName, String rule) {
            return bool(name, envName, "false", rule);
        }

        static Definition bool(String name, String envName, String defaultValue, String rule) {
            return new Definition(
                    declare(SettingDefinition.Type.BOOLEAN, name, envName, defaultValue, rule), false, NOTHING_MORE);
        }

        static Definition json(String name, String envName, String rule, Function<String, @Nullable String> problem) {
            return new Definition(declare(SettingDefinition.Type.TEXT, name, envName, "{}", rule), true, problem);
        }

        private static SettingDefinition declare(
                SettingDefinition.Type type, String name, String envName, String defaultValue, String rule) {
            return new SettingDefinition(
                    name, type, label(name), rule, false, false, defaultValue, List.of(), null, false, envName);
        }

        public String name() {
            return schema.key();
        }

        public String envName() {
            return schema.environmentVariable();
        }

        public String defaultValue() {
            return schema.defaultValue();
        }

        /** What an acceptable value is, for the merchant: the schema's help. */
        public String rule() {
            return schema.help();
        }

        /** The value as the settings API answers it: a number, a boolean, a JSON object or the text. */
        public Object render(String value) {
            if (json) {
                return ChannelTerms.tree(value);
            }
            return switch (schema.type()) {
                case INTEGER -> Integer.parseInt(value.strip());
                case BOOLEAN -> Boolean.parseBoolean(value.strip());
                default -> value;
            };
        }

        /**
         * Why {@code value} is not acceptable, or empty when it is: the schema's rules (checked by
         * {@link SettingsValidator} on the value as it is stored, stripped), then the store's own check.
         */
        Optional<String> problemWith(@Nullable String value) {
            String detail = value == null || SettingsValidator.problemWith(schema, value.strip()) != null
                    ? ""
                    : check.apply(value);
            // Say which channel and field is wrong: "must be <the whole shape>" alone leaves the merchant guessing.
            return detail == null
                    ? Optional.empty()
                    : Optional.of((detail.isEmpty() ? "" : detail + "; ") + "must be " + rule());
        }
    }

    /** Each setting's label for a form, in English (the admin translates them by key). */
    private static String label(String name) {
        return LABELS.getOrDefault(name, name);
    }

    public static final Definition STORE_NAME = Definition.text(
            "storeName",
            "KAMISHOP_STORE_NAME",
            "Kamishop",
            v -> !v.isBlank() && v.length() <= 100 && io.kamishop.domain.DisplayNames.isPrintable(v),
            "1 to 100 characters " + io.kamishop.domain.DisplayNames.RULE);
    public static final Definition THEME = Definition.matching(
            "theme",
            "KAMISHOP_THEME",
            "default",
            "[a-z0-9][a-z0-9_-]{0,63}",
            "a theme folder name: lowercase letters, digits, - and _");
    /**
     * The merchant's time zone: admin dates, the dashboard's "today", report days and the orders CSV's
     * date range are in it. The default is the server's zone (what they used before the setting existed).
     */
    public static final Definition TIME_ZONE = Definition.text(
            "timeZone",
            "KAMISHOP_TIME_ZONE",
            java.time.ZoneId.systemDefault().getId(),
            StoreSettings::isRegionZone,
            "a time zone from the list, such as Asia/Shanghai or Europe/Berlin");

    public static final Definition ORDER_HOLD_MINUTES = Definition.wholeNumber(
            "orderHoldMinutes",
            "KAMISHOP_ORDER_HOLD_MINUTES",
            "15",
            1,
            1440,
            "a whole number of minutes from 1 to 1440");
    public static final Definition MAX_QUANTITY = Definition.wholeNumber(
            "maxQuantityPerOrder",
            "KAMISHOP_MAX_QUANTITY_PER_ORDER",
            "100",
            1,
            10_000,
            "a whole number from 1 to 10000");

    /** The languages the storefront speaks (its {@code Languages.ALL}; a storefront test pins that they agree). */
    public static final List<String> SPOKEN_LANGUAGES = List.of("en", "zh-CN");

    public static final Definition LANGUAGES = Definition.text(
            "languages",
            "KAMISHOP_LANGUAGES",
            "en,zh-CN",
            StoreSettings::isLanguageList,
            "the storefront languages offered, comma-separated, from: en, zh-CN");
    public static final Definition DEFAULT_LANGUAGE = Definition.choice(
            "defaultLanguage",
            "KAMISHOP_DEFAULT_LANGUAGE",
            "en",
            SPOKEN_LANGUAGES,
            "en or zh-CN: the storefront language when the browser asks for none offered (an offered one is used if it is not)");

    /** Per payment channel surcharge, see {@link ChannelTerms} and docs/payments.md. */
    public static final Definition CHANNEL_FEES = Definition.json(
            "channelFees",
            "KAMISHOP_CHANNEL_FEES",
            "a JSON object {\"<channel id>\": {\"percent\": 0 to 100 (2 decimals), \"fixed\": minor units}}",
            ChannelTerms::feesProblem);
    /** Per payment channel order amount range, see {@link ChannelTerms} and docs/payments.md. */
    public static final Definition CHANNEL_LIMITS = Definition.json(
            "channelLimits",
            "KAMISHOP_CHANNEL_LIMITS",
            "a JSON object {\"<channel id>\": {\"min\": minor units, \"max\": minor units}}",
            ChannelTerms::limitsProblem);

    // Automatic refunds (issue 20), off by default: a merchant decides to let the store give money back.
    public static final Definition AUTO_REFUND_LATE = Definition.bool(
            "autoRefundLatePayments",
            "KAMISHOP_AUTO_REFUND_LATE_PAYMENTS",
            "true or false: refund a payment that arrived after its order expired or was cancelled");
    public static final Definition AUTO_REFUND_DUPLICATE = Definition.bool(
            "autoRefundDuplicatePayments",
            "KAMISHOP_AUTO_REFUND_DUPLICATE_PAYMENTS",
            "true or false: refund a second payment of an order already paid (the order keeps its keys)");
    public static final Definition AUTO_REFUND_UNDELIVERABLE = Definition.bool(
            "autoRefundUndeliverable",
            "KAMISHOP_AUTO_REFUND_UNDELIVERABLE",
            "true or false: refund a paid order that cannot be delivered (key generation failed, rejected after review)");
    public static final Definition AUTO_REFUND_DELAY_MINUTES = Definition.wholeNumber(
            "autoRefundDelayMinutes",
            "KAMISHOP_AUTO_REFUND_DELAY_MINUTES",
            "60",
            0,
            43_200,
            "a whole number of minutes from 0 to 43200: how long after the payment an automatic refund waits");

    // The storefront's shelf and what a buyer trusts it by (issue 25).
    public static final Definition SHOW_STOCK_COUNT = Definition.bool(
            "showStockCount",
            "KAMISHOP_SHOW_STOCK_COUNT",
            "true",
            "true or false: show buyers how many units are in stock (false: only in stock / few left / sold out)");
    public static final Definition LOW_STOCK_THRESHOLD = Definition.wholeNumber(
            "lowStockThreshold",
            "KAMISHOP_LOW_STOCK_THRESHOLD",
            "5",
            0,
            10_000,
            "a whole number from 0 to 10000: at or below it a product shows \"few left\" (0: never)");
    public static final Definition ANNOUNCEMENT = Definition.text(
            "announcement",
            "KAMISHOP_ANNOUNCEMENT",
            "",
            v -> v.length() <= 500 && io.kamishop.domain.DisplayNames.isPrintable(v),
            "at most 500 characters " + io.kamishop.domain.DisplayNames.RULE
                    + ", shown atop every storefront page (empty: none)");
    public static final Definition CONTACT_TELEGRAM = Definition.matching(
            "contactTelegram",
            "KAMISHOP_CONTACT_TELEGRAM",
            "",
            "(@?[A-Za-z][A-Za-z0-9_]{4,31})?",
            "a Telegram username such as @kamishop_help (empty: none)");
    public static final Definition CONTACT_QQ = Definition.matching(
            "contactQq", "KAMISHOP_CONTACT_QQ", "", "([1-9][0-9]{4,11})?", "a QQ number, 5 to 12 digits (empty: none)");
    public static final Definition CONTACT_EMAIL = Definition.matching(
            "contactEmail",
            "KAMISHOP_CONTACT_EMAIL",
            "",
            // Empty, or an address of at most 254 characters.
            "|(?=.{1,254}$)[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+",
            "an e-mail address buyers may write to (empty: none)");

    // The store's own bot brake (issue 25), off by default: checkout and look-ups ask for a solved challenge.
    public static final Definition PROOF_OF_WORK = Definition.bool(
            "proofOfWork",
            "KAMISHOP_PROOF_OF_WORK",
            "true or false: ask buyers' browsers and API callers to solve a small proof-of-work "
                    + "challenge before placing an order or looking orders up");
    public static final Definition PROOF_OF_WORK_BITS = Definition.wholeNumber(
            "proofOfWorkBits",
            "KAMISHOP_PROOF_OF_WORK_BITS",
            "16",
            4,
            26,
            "a whole number from 4 to 26: the challenge's difficulty in leading zero bits "
                    + "(16 is about 65,000 hashes, under a second in a phone's browser)");
    public static final Definition PROOF_OF_WORK_SUSPICIOUS_ATTEMPTS = Definition.wholeNumber(
            "proofOfWorkSuspiciousAttempts",
            "KAMISHOP_PROOF_OF_WORK_SUSPICIOUS_ATTEMPTS",
            "0",
            0,
            100_000,
            "a whole number from 0 to 100000: with proof of work "
                    + "off, an address that places orders or looks orders up more often than this within ten minutes is asked for a "
                    + "proof for the next hour (0: never)");

    // Affiliates (issue 24): how long a referral link keeps a buyer attributed, and how long a commission
    // stays pending (the refund window) before the affiliate may withdraw it.
    public static final Definition AFFILIATE_WINDOW_DAYS = Definition.wholeNumber(
            "affiliateWindowDays",
            "KAMISHOP_AFFILIATE_WINDOW_DAYS",
            "30",
            1,
            365,
            "a whole number of days from 1 to 365: how long a referral link keeps a buyer attributed");
    public static final Definition AFFILIATE_HOLD_DAYS = Definition.wholeNumber(
            "affiliateHoldDays",
            "KAMISHOP_AFFILIATE_HOLD_DAYS",
            "7",
            0,
            365,
            "a whole number of days from 0 to 365: how long a commission stays pending (while the order may "
                    + "still be refunded) before it can be withdrawn");

    // The order archive (issue 28), off by default: final orders older than this leave the hot tables.
    public static final Definition ARCHIVE_WARM_AFTER_DAYS = Definition.wholeNumber(
            "archiveWarmAfterDays",
            "KAMISHOP_ARCHIVE_WARM_AFTER_DAYS",
            "0",
            0,
            36_500,
            "a whole number of days from 0 to 36500: finished orders "
                    + "older than this move from the hot tables to the archive (warm), still found by search and look-up (0: never)");
    public static final Definition ARCHIVE_COLD_AFTER_DAYS = Definition.wholeNumber(
            "archiveColdAfterDays",
            "KAMISHOP_ARCHIVE_COLD_AFTER_DAYS",
            "0",
            0,
            36_500,
            "a whole number of days from 0 to 36500: archived orders "
                    + "older than this are written to compressed, encrypted segment files (cold) and brought back when asked for "
                    + "(0: never)");

    private static final Map<String, Definition> ALL = index(
            STORE_NAME,
            THEME,
            TIME_ZONE,
            ORDER_HOLD_MINUTES,
            MAX_QUANTITY,
            LANGUAGES,
            DEFAULT_LANGUAGE,
            CHANNEL_FEES,
            CHANNEL_LIMITS,
            AUTO_REFUND_LATE,
            AUTO_REFUND_DUPLICATE,
            AUTO_REFUND_UNDELIVERABLE,
            AUTO_REFUND_DELAY_MINUTES,
            SHOW_STOCK_COUNT,
            LOW_STOCK_THRESHOLD,
            ANNOUNCEMENT,
            CONTACT_TELEGRAM,
            CONTACT_QQ,
            CONTACT_EMAIL,
            PROOF_OF_WORK,
            PROOF_OF_WORK_BITS,
            PROOF_OF_WORK_SUSPICIOUS_ATTEMPTS,
            AFFILIATE_WINDOW_DAYS,
            AFFILIATE_HOLD_DAYS,
            ARCHIVE_WARM_AFTER_DAYS,
            ARCHIVE_COLD_AFTER_DAYS);

    private final ScopedSettings stored;
    private final AppConfig config;
    private final Predicate<String> themeExists;

    /** @param themeExists whether this store has a theme of that name (bundled or in its data dir) */
    public StoreSettings(ScopedSettings stored, AppConfig config, Predicate<String> themeExists) {
        this.stored = stored;
        this.config = config;
        this.themeExists = themeExists;
    }

    public static Map<String, Definition> definitions() {
        return ALL;
    }

    public String get(Definition definition) {
        return config.override(definition.envName())
                .or(() -> Optional.ofNullable(stored.values(SettingsScope.STORE).get(definition.name())))
                .orElse(definition.defaultValue());
    }

    public int getInt(Definition definition) {
        return Integer.parseInt(get(definition).strip());
    }

    /** All settings with their current values. */
    public Map<String, Object> all() {
        Map<String, Object> values = new LinkedHashMap<>();
        ALL.values().forEach(d -> values.put(d.name(), d.render(get(d))));
        return values;
    }

    /**
     * The one way a merchant changes settings, whatever the door (the settings API, the admin's settings and channel
     * terms pages): every value checked ({@link #problemHere}), then all stored as given, stripped, or nothing.
     *
     * @throws Refusal 422 {@code invalid_settings} with each refused setting's problem, and nothing stored
     */
    public void change(Map<String, @Nullable String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, String> checked = new LinkedHashMap<>();
        values.forEach((name, value) -> problemHere(name, value)
                .ifPresentOrElse(
                        problem -> problems.put(name, problem),
                        () -> checked.put(
                                name, java.util.Objects.requireNonNull(value).strip())));
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields(
                    "invalid_settings", "some settings are not valid; nothing was stored", problems);
        }
        stored.change(SettingsScope.STORE).putChecked(schema(), checked).commit();
    }

    /** Every setting's declaration, in the order of {@link #definitions()}. */
    public static List<SettingDefinition> schema() {
        return ALL.values().stream().map(Definition::schema).toList();
    }

    /**
     * Why a merchant may not store this value: {@link #problem}, and what only this store can tell, that the theme
     * is one it has. Every door that stores settings (the settings API, the admin's settings page) asks this.
     */
    public Optional<String> problemHere(String name, @Nullable String value) {
        Optional<String> declared = problem(name, value);
        if (declared.isPresent() || value == null || !THEME.name().equals(name) || themeExists.test(value.strip())) {
            return declared;
        }
        return Optional.of("there is no theme '" + value.strip() + "': neither bundled nor in the data dir's themes");
    }

    /** Why a value is not acceptable for a setting, or empty when it is. */
    public static Optional<String> problem(String name, @Nullable String value) {
        Definition definition = ALL.get(name);
        return definition == null ? Optional.of("unknown setting") : definition.problemWith(value);
    }

    /** The offered languages, in the order given; the spoken ones only, never empty. */
    public List<String> offeredLanguages() {
        List<String> offered = Arrays.stream(get(LANGUAGES).split(","))
                .map(String::strip)
                .filter(SPOKEN_LANGUAGES::contains)
                .distinct()
                .toList();
        return offered.isEmpty() ? SPOKEN_LANGUAGES : offered;
    }

    public boolean getBoolean(Definition definition) {
        return Boolean.parseBoolean(get(definition).strip());
    }

    /** A region id the JDK knows ({@code Asia/Shanghai}, {@code UTC}); offsets like {@code +08:00} have no daylight rules and are refused. */
    private static boolean isRegionZone(String value) {
        return value != null && REGION_ZONES.contains(value.strip());
    }

    /** The store's time zone ({@link #TIME_ZONE}); the server's when the stored one is no longer known. */
    public java.time.ZoneId zone() {
        String id = get(TIME_ZONE).strip();
        return isRegionZone(id) ? java.time.ZoneId.of(id) : java.time.ZoneId.systemDefault();
    }

    private static boolean isLanguageList(String value) {
        List<String> tags =
                Arrays.stream(value.split(",", -1)).map(String::strip).toList();
        return !tags.isEmpty()
                && SPOKEN_LANGUAGES.containsAll(tags)
                && tags.stream().distinct().count() == tags.size();
    }

    private static Map<String, Definition> index(Definition... definitions) {
        Map<String, Definition> map = new LinkedHashMap<>();
        for (Definition d : definitions) {
            map.put(d.name(), d);
        }
        return map;
    }
}
