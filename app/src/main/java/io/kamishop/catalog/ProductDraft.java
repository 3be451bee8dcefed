package io.kamishop.catalog;

import io.kamishop.domain.DisplayNames;
import io.kamishop.domain.Refusal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a merchant asks for when creating or editing a product, validated as a whole. A text field may be
 * missing (null: a form or a request without it); {@link #validated} says which may not.
 */
public record ProductDraft(
        @Nullable String name,
        @Nullable String description,
        long price,
        @Nullable String currency,
        boolean active,
        @Nullable String category) {

    /** A draft without a category. */
    public ProductDraft(
            @Nullable String name,
            @Nullable String description,
            long price,
            @Nullable String currency,
            boolean active) {
        this(name, description, price, currency, active, "");
    }

    /** The longest category name, in characters. */
    public static final int MAX_CATEGORY = 100;

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    /** Every problem at once, as a 422 with one message per field. */
    public ProductDraft validated() {
        Product valid = product(0, 0, 0);
        return new ProductDraft(
                valid.name(), valid.description(), valid.price(), valid.currency(), valid.active(), valid.category());
    }

    /**
     * The product this draft describes, as {@code id} with those times: its name and category stripped, a
     * missing description or category empty. Every problem at once, as a 422 with one message per field.
     */
    Product product(long id, long createdAt, long updatedAt) {
        Map<String, String> problems = new LinkedHashMap<>();
        // A missing name or currency is refused as an empty one is; a missing description or category is empty.
        String givenName = name == null ? "" : name;
        String givenDescription = description == null ? "" : description;
        String givenCategory = category == null ? "" : category;
        String givenCurrency = currency == null ? "" : currency;
        if (givenName.isBlank() || givenName.length() > 200) {
            problems.put("name", "must be 1 to 200 characters");
        } else if (!DisplayNames.isPrintable(givenName)) {
            problems.put("name", "must be written " + DisplayNames.RULE);
        }
        if (givenDescription.length() > 20_000) {
            problems.put("description", "must be at most 20000 characters");
        }
        if (givenCategory.strip().length() > MAX_CATEGORY) {
            problems.put("category", "must be at most 100 characters");
        } else if (!DisplayNames.isPrintable(givenCategory)) {
            problems.put("category", "must be written " + DisplayNames.RULE);
        }
        if (price < 0 || price > 100_000_000_00L) {
            problems.put("price", "must be a whole number of minor units from 0 to 10000000000");
        }
        if (!CURRENCIES.contains(givenCurrency)) {
            problems.put("currency", "must be an upper-case ISO-4217 code such as CNY or USD");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_product", "the product is not valid", problems);
        }
        return new Product(
                id,
                givenName.strip(),
                givenDescription,
                price,
                givenCurrency,
                active,
                givenCategory.strip(),
                createdAt,
                updatedAt);
    }
}
