package io.kamishop.inventory;

import io.kamishop.domain.Refusal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The kind a merchant asks for when creating a product, validated as a whole: {@code maxUses} (a cap
 * on units sold, for every kind but card keys) and {@code keyFormat} (for generated products only).
 */
public record KindDraft(
        ProductKind kind, @Nullable Long maxUses, @Nullable String keyFormat) {

    static final long MAX_USES_LIMIT = 1_000_000_000L;

    /** Every problem at once, as a 422 {@code invalid_product} with one message per field. */
    public static KindDraft of(@Nullable String kind, @Nullable Long maxUses, @Nullable String keyFormat) {
        Map<String, String> problems = new LinkedHashMap<>();
        ProductKind parsed = ProductKind.parse(kind == null ? "keys" : kind).orElse(null);
        if (parsed == null) {
            problems.put("kind", "must be one of keys, shared, file, manual, generated");
        }
        if (maxUses != null && parsed == ProductKind.KEYS) {
            problems.put("maxUses", "does not apply to card keys: their stock is the keys imported");
        } else if (maxUses != null && (maxUses < 1 || maxUses > MAX_USES_LIMIT)) {
            problems.put(
                    "maxUses", "must be a whole number from 1 to " + MAX_USES_LIMIT + ", or left out for no limit");
        }
        String format = keyFormat == null ? null : keyFormat.strip();
        if (parsed == ProductKind.GENERATED && (format == null || format.isEmpty() || format.length() > 100)) {
            problems.put("keyFormat", "must name the key format plugin that generates the keys (1 to 100 characters)");
        } else if (parsed != ProductKind.GENERATED && format != null) {
            problems.put("keyFormat", "only applies to generated products");
        }
        if (!problems.isEmpty() || parsed == null) { // null only with its problem listed; tested for NullAway
            throw Refusal.invalidFields("invalid_product", "the product is not valid", problems);
        }
        return new KindDraft(parsed, maxUses, format);
    }
}
