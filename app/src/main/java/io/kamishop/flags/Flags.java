package io.kamishop.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.audit.AuditLog;
import io.kamishop.cluster.ChangeBus;
import io.kamishop.db.Database;
import io.kamishop.domain.Audience;
import io.kamishop.domain.Refusal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The store's feature flags: read from a cache every node keeps, changed by the merchant (checked,
 * stored, audited in one transaction), and announced on the {@link ChangeBus} when the change
 * commits, so every node reloads them within milliseconds (a minute-old cache is reloaded anyway,
 * should an announcement ever be lost).
 */
public final class Flags {

    /** A flag and the orders placed in each of its arms, as the admin shows it. */
    public record Report(Flag flag, List<FlagDao.ArmCount> arms) {}

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern THEME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final long RELOAD_MILLIS = 60_000;

    /**
     * The store features a flag may gate, each asked by the code that draws it ({@link #enabled}). A feature no
     * flag gates is on for everyone. {@code few-left-badge}: the "few left" mark beside a product's stock line.
     */
    public static final java.util.Set<String> FEATURES = java.util.Set.of("few-left-badge");

    /**
     * The flags, and those that gate a risk rule, a theme or a feature looked up by what they gate, worked out
     * once per load: the storefront asks on every page view, and with no such flag the answer is one map lookup.
     */
    private record Loaded(
            Map<String, Flag> byKey,
            Map<String, Flag> byRiskRule,
            List<Flag> themed,
            Map<String, Flag> byFeature,
            long at) {

        boolean decidesStorefront() {
            return !themed.isEmpty() || !byFeature.isEmpty();
        }
    }

    private final Database database;
    private final ChangeBus bus;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final Clock clock;
    /** The flags as last read; null until the first read and after a change, which the next read reloads. */
    private volatile @Nullable Loaded loaded;

    public Flags(Database database, ChangeBus bus, AuditLog audit, ObjectMapper mapper, Clock clock) {
        this.database = database;
        this.bus = bus;
        this.audit = audit;
        this.mapper = mapper;
        this.clock = clock;
        bus.subscribe(ChangeBus.FLAGS, changed -> loaded = null);
    }

    /** Every flag, by key. */
    public List<Flag> all() {
        return List.copyOf(byKey().values());
    }

    public Optional<Flag> find(String key) {
        return Optional.ofNullable(byKey().get(key));
    }

    /**
     * Whether the channel choice {@code choiceId} may be offered to {@code who}: yes unless a flag gates
     * it and {@code who} is in its "off" arm. The one rule behind every door that offers or accepts a
     * channel (installed into the channel registry).
     */
    public boolean offers(String choiceId, Audience who) {
        for (Flag flag : byKey().values()) {
            if (choiceId.equals(flag.channel())) {
                return flag.armOf(who) == Arm.ON;
            }
        }
        return true;
    }

    /** The channel choices some flag gates (the others are offered to everyone without asking). */
    public java.util.Set<String> gatedChoices() {
        java.util.Set<String> gated = new java.util.HashSet<>();
        byKey().values().forEach(flag -> {
            if (flag.channel() != null) {
                gated.add(flag.channel());
            }
        });
        return gated;
    }

    /**
     * Which risk rules apply to {@code who} placing an order: every rule but one behind a flag {@code who} is in the
     * "off" arm of (the same arm {@link FlagExposures} records for the order).
     */
    public java.util.function.Predicate<String> rulesFor(Audience who) {
        Map<String, Flag> gated = current().byRiskRule();
        if (gated.isEmpty()) {
            return rule -> true;
        }
        return rule -> {
            Flag flag = gated.get(rule);
            return flag == null || flag.armOf(who) == Arm.ON;
        };
    }

    /**
     * Which risk rules apply to an order already placed (before payment, before delivery): a rule behind a flag
     * only when the order was placed in its "on" arm, as recorded then. An order placed while the flag was off or
     * not yet there was in no arm of it, so the rule stays away from it: an experiment never changes the rules
     * under an order half way.
     */
    public java.util.function.Predicate<String> rulesForOrder(long orderId) {
        Map<String, Flag> gated = current().byRiskRule();
        if (gated.isEmpty()) {
            return rule -> true;
        }
        return rule -> {
            Flag flag = gated.get(rule);
            if (flag == null) {
                return true;
            }
            // Read on its own: the exposure was committed with the order, long before this stage.
            java.util.Optional<String> arm = FlagDao.Reads.armOf(database, orderId, flag.key());
            return flag.enabled() && arm.filter(Arm.ON.code()::equals).isPresent();
        };
    }

    /** Whether any flag decides a theme or a store feature; when none does, a page asks nothing more. */
    public boolean decidesStorefront() {
        return current().decidesStorefront();
    }

    /** The theme {@code who} sees instead of the store's: the first (by key) theme flag they are "on" in; else null. */
    public @Nullable String themeFor(Audience who) {
        for (Flag flag : current().themed()) {
            if (flag.armOf(who) == Arm.ON) {
                return flag.theme();
            }
        }
        return null;
    }

    /** Whether store feature {@code feature} ({@link #FEATURES}) is on for {@code who}: yes unless a flag gates it and they are "off". */
    public boolean enabled(String feature, Audience who) {
        Flag flag = current().byFeature().get(feature);
        return flag == null || flag.armOf(who) == Arm.ON;
    }

    /**
     * The arms {@code who} is in of every flag that decides a theme or a feature, as {@code key=on,key=off}; empty
     * when no flag does. What a cached page drawn for {@code who} depends on besides the store's data.
     */
    public String storefrontArms(Audience who) {
        Loaded now = current();
        if (!now.decidesStorefront()) {
            return "";
        }
        StringBuilder arms = new StringBuilder();
        for (Flag flag : now.byKey().values()) {
            if (flag.theme() != null || flag.feature() != null) {
                arms.append(flag.key())
                        .append('=')
                        .append(flag.armOf(who).code())
                        .append(',');
            }
        }
        return arms.toString();
    }

    /**
     * The enabled flags, each with the arm {@code who} is in: what decided the channels, theme or features this
     * buyer met. A disabled flag decides nothing (everyone is "off"), so it is left out.
     */
    public Map<String, Arm> armsOf(Audience who) {
        Map<String, Arm> arms = new LinkedHashMap<>();
        byKey().values().stream().filter(Flag::enabled).forEach(f -> arms.put(f.key(), f.armOf(who)));
        return arms;
    }

    /** A flag with its per-arm counts of orders placed and paid. */
    public Report report(Flag flag) {
        return new Report(flag, database.read(tx -> tx.dao(FlagDao.class).counts(flag.key())));
    }

    /**
     * Stores a flag from the merchant's JSON ({@code description}, {@code rolloutPercent} 0 to 100 with
     * up to two decimals, {@code targets}, {@code channel}, {@code enabled}); 422 naming every wrong
     * field, having stored nothing.
     */
    public Flag put(String actor, String key, JsonNode body) {
        requireKey(key);
        Map<String, String> problems = new LinkedHashMap<>();
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of(
                            "description",
                            "rolloutPercent",
                            "targets",
                            "channel",
                            "riskRule",
                            "theme",
                            "feature",
                            "enabled")
                    .contains(name)) {
                problems.put(name, "unknown field");
            }
        }
        // Never null: text gives back the absent value given, "".
        String description = Objects.requireNonNull(text(body.get("description"), "", 500, "description", problems));
        int rolloutBp = rollout(body.get("rolloutPercent"), problems);
        FlagTargets targets = FlagTargets.from(body.get("targets"), problems);
        String channel = text(body.get("channel"), null, 64, "channel", problems);
        if (channel != null && channel.isEmpty()) {
            channel = null;
        }
        if (channel != null && !CHANNEL.matcher(channel).matches()) {
            problems.put(
                    "channel", "must be a payment channel choice id (lower-case letters, digits, - and _), or null");
        }
        String gated = channel;
        if (gated != null) {
            byKey().values().stream()
                    .filter(f -> gated.equals(f.channel()) && !f.key().equals(key))
                    .findFirst()
                    .ifPresent(other -> problems.put("channel", "is already behind flag '" + other.key() + "'"));
        }
        String riskRule = gate(body, "riskRule", RULE, "a risk rule id (letters, digits, . _ : -)", key, problems);
        String theme = gate(body, "theme", THEME, "a theme name (lower-case letters, digits, - and _)", key, problems);
        String feature = gate(body, "feature", THEME, "one of " + new java.util.TreeSet<>(FEATURES), key, problems);
        if (feature != null && !FEATURES.contains(feature)) {
            problems.put("feature", "must be one of " + new java.util.TreeSet<>(FEATURES) + ", or null");
        }
        JsonNode enabledNode = body.get("enabled");
        if (enabledNode != null && !enabledNode.isBoolean()) {
            problems.put("enabled", "must be true or false");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_flag", "the flag is not valid; nothing was stored", problems);
        }
        boolean enabled = enabledNode == null || enabledNode.booleanValue();
        long now = clock.millis();
        Flag flag = new Flag(key, description, rolloutBp, targets, gated, riskRule, theme, feature, enabled, now);
        String targetsJson = targets.json().toString();
        database.write(tx -> {
            tx.dao(FlagDao.class)
                    .put(key, description, rolloutBp, targetsJson, gated, riskRule, theme, feature, enabled, now);
            audit.append(
                    tx,
                    actor,
                    "flag.put",
                    key,
                    "rollout " + rolloutBp + " bp, enabled " + enabled + (gated == null ? "" : ", channel " + gated)
                            + (riskRule == null ? "" : ", risk rule " + riskRule)
                            + (theme == null ? "" : ", theme " + theme)
                            + (feature == null ? "" : ", feature " + feature)
                            + ", targets " + targetsJson);
            bus.publish(ChangeBus.FLAGS, key);
            return null;
        });
        loaded = null;
        return flag;
    }

    /** Deletes a flag (404 when there is none); the orders placed in its arms keep their record. */
    public void delete(String actor, String key) {
        requireKey(key);
        int deleted = database.write(tx -> {
            int n = tx.dao(FlagDao.class).delete(key);
            if (n > 0) {
                audit.append(tx, actor, "flag.delete", key, "");
                bus.publish(ChangeBus.FLAGS, key);
            }
            return n;
        });
        loaded = null;
        if (deleted == 0) {
            throw Refusal.notFound("flag_not_found", "there is no flag '" + key + "'");
        }
    }

    /** 422 for a key no flag could have, before anything is looked up. */
    public static void requireKey(@Nullable String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw Refusal.invalid(
                    "invalid_flag_key",
                    "a flag key is 1 to 64 lower-case letters, digits, - and _, starting with a letter or digit");
        }
    }

    private Map<String, Flag> byKey() {
        return current().byKey();
    }

    private Loaded current() {
        Loaded now = loaded;
        if (now == null || clock.millis() - now.at() > RELOAD_MILLIS) {
            long at = clock.millis();
            Map<String, Flag> byKey = new LinkedHashMap<>();
            for (FlagDao.Row row : FlagDao.Reads.all(database)) {
                byKey.put(
                        row.flagKey(),
                        new Flag(
                                row.flagKey(),
                                row.description(),
                                row.rolloutBp(),
                                FlagTargets.parse(mapper, row.targets()),
                                row.channel(),
                                row.riskRule(),
                                row.theme(),
                                row.feature(),
                                row.enabled(),
                                row.updatedAt()));
            }
            Map<String, Flag> byRiskRule = new java.util.HashMap<>();
            List<Flag> themed = new java.util.ArrayList<>();
            Map<String, Flag> byFeature = new java.util.HashMap<>();
            for (Flag flag : byKey.values()) {
                if (flag.riskRule() != null) {
                    byRiskRule.put(flag.riskRule(), flag);
                }
                if (flag.theme() != null && flag.enabled()) {
                    themed.add(flag);
                }
                if (flag.feature() != null) {
                    byFeature.put(flag.feature(), flag);
                }
            }
            // Kept in key order (a LinkedHashMap: Map.copyOf would lose it): the first theme flag "on" wins.
            now = new Loaded(
                    java.util.Collections.unmodifiableMap(byKey),
                    Map.copyOf(byRiskRule),
                    List.copyOf(themed),
                    Map.copyOf(byFeature),
                    at);
            loaded = now;
        }
        return now;
    }

    /**
     * What a flag gates of one kind ({@code field}): null when absent or empty; else checked against
     * {@code pattern} and against the other flags (one thing behind at most one flag).
     */
    private @Nullable String gate(
            JsonNode body, String field, Pattern pattern, String what, String key, Map<String, String> problems) {
        String value = text(body.get(field), null, 64, field, problems);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            problems.put(field, "must be " + what + ", or null");
            return null;
        }
        java.util.function.Function<Flag, String> of = switch (field) {
            case "riskRule" -> Flag::riskRule;
            case "theme" -> Flag::theme;
            default -> Flag::feature;
        };
        byKey().values().stream()
                .filter(f -> value.equals(of.apply(f)) && !f.key().equals(key))
                .findFirst()
                .ifPresent(other -> problems.put(field, "is already behind flag '" + other.key() + "'"));
        return value;
    }

    private static @Nullable String text(
            @Nullable JsonNode node, @Nullable String absent, int max, String field, Map<String, String> problems) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isTextual()
                || node.textValue().strip().length() > max
                || !io.kamishop.domain.DisplayNames.isPrintable(node.textValue())) {
            problems.put(field, "must be text of at most " + max + " printable characters");
            return absent;
        }
        return node.textValue().strip();
    }

    private static int rollout(JsonNode node, Map<String, String> problems) {
        if (node == null || !node.isNumber()) {
            problems.put("rolloutPercent", "must be a number from 0 to 100 (up to two decimals)");
            return 0;
        }
        java.math.BigDecimal percent = node.decimalValue();
        java.math.BigDecimal bp = percent.movePointRight(2);
        if (percent.signum() < 0
                || percent.compareTo(java.math.BigDecimal.valueOf(100)) > 0
                || bp.stripTrailingZeros().scale() > 0) {
            problems.put("rolloutPercent", "must be a number from 0 to 100 (up to two decimals)");
            return 0;
        }
        return bp.intValueExact();
    }
}
