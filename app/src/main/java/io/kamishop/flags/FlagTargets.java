package io.kamishop.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kamishop.domain.Audience;
import io.kamishop.domain.Requester;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Buyers a flag puts in an arm whatever their bucket: {@code allow} lists go to "on", {@code deny}
 * lists to "off", and deny wins. Stored and answered as
 * {@code {"allow": {"emails": [...], "addresses": [...], "languages": [...]}, "deny": {...}}}.
 * E-mails are kept only as the SHA-256 of the lower-cased address ({@link Bucketing#emailHash}):
 * the merchant may send an address or its hash, the store never keeps the address. Languages match
 * the first tag of the browser's Accept-Language by prefix ({@code zh} matches {@code zh-CN}).
 */
public record FlagTargets(Lists allow, Lists deny) {

    /** One side's lists. */
    public record Lists(Set<String> emailHashes, Set<String> addresses, Set<String> languages) {

        static final Lists NONE = new Lists(Set.of(), Set.of(), Set.of());

        boolean match(Audience who) {
            Requester r = who.requester();
            if (who.email() != null
                    && !emailHashes.isEmpty()
                    && emailHashes.contains(Bucketing.emailHash(who.email()))) {
                return true;
            }
            if (r.address() != null && addresses.contains(r.address())) {
                return true;
            }
            String language = firstLanguage(r.language());
            return language != null
                    && languages.stream().anyMatch(l -> language.equals(l) || language.startsWith(l + "-"));
        }

        ObjectNode json() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.set("emails", array(emailHashes));
            node.set("addresses", array(addresses));
            node.set("languages", array(languages));
            return node;
        }
    }

    public static final FlagTargets NONE = new FlagTargets(Lists.NONE, Lists.NONE);
    static final int MAX_ENTRIES = 200;
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final List<String> SIDES = List.of("allow", "deny");
    private static final List<String> FIELDS = List.of("emails", "addresses", "languages");

    /** The arm the targets force on {@code who}, or null when they leave it to the bucket. */
    @Nullable
    Arm forced(Audience who) {
        if (deny.match(who)) {
            return Arm.OFF;
        }
        return allow.match(who) ? Arm.ON : null;
    }

    public ObjectNode json() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("allow", allow.json());
        node.set("deny", deny.json());
        return node;
    }

    /** Reads stored targets (already checked when they were stored). */
    static FlagTargets parse(ObjectMapper mapper, String stored) {
        try {
            Map<String, String> problems = new LinkedHashMap<>();
            FlagTargets targets = from(mapper.readTree(stored), problems);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("stored flag targets do not read: " + problems);
            }
            return targets;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored flag targets are not JSON", e);
        }
    }

    /** The targets a request sent ({@code null} or absent: none), with what is wrong with them put in {@code problems}. */
    static FlagTargets from(JsonNode node, Map<String, String> problems) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        if (!node.isObject()) {
            problems.put("targets", "must be an object {\"allow\": {...}, \"deny\": {...}}");
            return NONE;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SIDES.contains(name)) {
                problems.put("targets." + name, "unknown: targets have only allow and deny");
            }
        }
        return new FlagTargets(
                side(node.get("allow"), "targets.allow", problems), side(node.get("deny"), "targets.deny", problems));
    }

    private static Lists side(JsonNode node, String where, Map<String, String> problems) {
        if (node == null || node.isNull()) {
            return Lists.NONE;
        }
        if (!node.isObject()) {
            problems.put(where, "must be an object with emails, addresses and languages lists");
            return Lists.NONE;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.put(where + "." + name, "unknown: a target list is emails, addresses or languages");
            }
        }
        Set<String> emails = list(
                node.get("emails"),
                where + ".emails",
                problems,
                v -> {
                    String lower = v.strip().toLowerCase(Locale.ROOT);
                    return HASH.matcher(lower).matches()
                            ? lower
                            : EMAIL.matcher(lower).matches() ? Bucketing.emailHash(lower) : null;
                },
                "an e-mail address or the SHA-256 hex of one");
        Set<String> addresses = list(
                node.get("addresses"),
                where + ".addresses",
                problems,
                v -> ADDRESS.matcher(v.strip()).matches() ? v.strip() : null,
                "an IPv4 or IPv6 address");
        Set<String> languages = list(
                node.get("languages"),
                where + ".languages",
                problems,
                v -> LANGUAGE.matcher(v.strip()).matches() ? v.strip() : null,
                "a language tag such as en or zh-CN");
        return new Lists(emails, addresses, languages);
    }

    private static Set<String> list(
            JsonNode node,
            String where,
            Map<String, String> problems,
            java.util.function.UnaryOperator<String> normal,
            String rule) {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray() || node.size() > MAX_ENTRIES) {
            problems.put(where, "must be a list of at most " + MAX_ENTRIES + " entries, each " + rule);
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode entry : node) {
            String value = entry.isTextual() ? normal.apply(entry.textValue()) : null;
            if (value == null) {
                problems.put(where, "each entry must be " + rule);
                return Set.of();
            }
            values.add(value);
        }
        return Set.copyOf(values);
    }

    private static @Nullable String firstLanguage(@Nullable String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return null;
        }
        String first = acceptLanguage.split(",", 2)[0].split(";", 2)[0].strip();
        return first.isEmpty() ? null : first;
    }

    private static ArrayNode array(Set<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.stream().sorted().forEach(array::add);
        return array;
    }
}
