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
import java.util.Optional;
import java.util.regex.Pattern;

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
    private static final long RELOAD_MILLIS = 60_000;

    private record Loaded(Map<String, Flag> byKey, long at) {}

    private final Database database;
    private final ChangeBus bus;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final Clock clock;
    private volatile Loaded loaded;

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
        return List.copyOf(current().values());
    }

    public Optional<Flag> find(String key) {
        return Optional.ofNullable(current().get(key));
    }

    /**
     * Whether the channel choice {@code choiceId} may be offered to {@code who}: yes unless a flag gates
     * it and {@code who} is in its "off" arm. The one rule behind every door that offers or accepts a
     * channel (installed into the channel registry).
     */
    public boolean offers(String choiceId, Audience who) {
        for (Flag flag : current().values()) {
            if (choiceId.equals(flag.channel())) {
                return flag.armOf(who) == Arm.ON;
            }
        }
        return true;
    }

    /** The channel choices some flag gates (the others are offered to everyone without asking). */
    public java.util.Set<String> gatedChoices() {
        java.util.Set<String> gated = new java.util.HashSet<>();
        current().values().forEach(flag -> {
            if (flag.channel() != null) {
                gated.add(flag.channel());
            }
        });
        return gated;
    }

    /**
     * The enabled flags, each with the arm {@code who} is in: what decided the channels, theme or features this
     * buyer met. A disabled flag decides nothing (everyone is "off"), so it is left out.
     */
    public Map<String, Arm> armsOf(Audience who) {
        Map<String, Arm> arms = new LinkedHashMap<>();
        current().values().stream().filter(Flag::enabled).forEach(f -> arms.put(f.key(), f.armOf(who)));
        return arms;
    }

    /** A flag with its per-arm counts of orders placed and paid. */
    public Report report(Flag flag) {
        return new Report(flag, database.read(h -> h.attach(FlagDao.class).counts(flag.key())));
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
            if (!List.of("description", "rolloutPercent", "targets", "channel", "enabled")
                    .contains(name)) {
                problems.put(name, "unknown field");
            }
        }
        String description = text(body.get("description"), "", 500, "description", problems);
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
            current().values().stream()
                    .filter(f -> gated.equals(f.channel()) && !f.key().equals(key))
                    .findFirst()
                    .ifPresent(other -> problems.put("channel", "is already behind flag '" + other.key() + "'"));
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
        Flag flag = new Flag(key, description, rolloutBp, targets, gated, enabled, now);
        String targetsJson = targets.json().toString();
        database.write(h -> {
            h.attach(FlagDao.class).put(key, description, rolloutBp, targetsJson, gated, enabled, now);
            audit.append(
                    h,
                    actor,
                    "flag.put",
                    key,
                    "rollout " + rolloutBp + " bp, enabled " + enabled + (gated == null ? "" : ", channel " + gated)
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
        int deleted = database.write(h -> {
            int n = h.attach(FlagDao.class).delete(key);
            if (n > 0) {
                audit.append(h, actor, "flag.delete", key, "");
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
    public static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw Refusal.invalid(
                    "invalid_flag_key",
                    "a flag key is 1 to 64 lower-case letters, digits, - and _, starting with a letter or digit");
        }
    }

    private Map<String, Flag> current() {
        Loaded now = loaded;
        if (now == null || clock.millis() - now.at() > RELOAD_MILLIS) {
            long at = clock.millis();
            Map<String, Flag> byKey = new LinkedHashMap<>();
            for (FlagDao.Row row : database.read(h -> h.attach(FlagDao.class).all())) {
                byKey.put(
                        row.flagKey(),
                        new Flag(
                                row.flagKey(),
                                row.description(),
                                row.rolloutBp(),
                                FlagTargets.parse(mapper, row.targets()),
                                row.channel(),
                                row.enabled(),
                                row.updatedAt()));
            }
            now = new Loaded(Map.copyOf(byKey), at);
            loaded = now;
        }
        return now.byKey();
    }

    private static String text(JsonNode node, String absent, int max, String field, Map<String, String> problems) {
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
