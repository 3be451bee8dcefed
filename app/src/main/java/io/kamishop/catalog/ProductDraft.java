package io.kamishop.catalog;

import io.kamishop.domain.DisplayNames;
import io.kamishop.domain.Refusal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What a merchant asks for when creating or editing a product, validated as a whole. */
public record ProductDraft(
        String name, String description, long price, String currency, boolean active, String category) {

    /** A draft without a category. */
    public ProductDraft(String name, String description, long price, String currency, boolean active) {
        this(name, description, price, currency, active, "");
    }

    /** The longest category name, in characters. */
    public static final int MAX_CATEGORY = 100;

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    /** Every problem at once, as a 422 with one message per field. */
    public ProductDraft validated() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (name == null || name.isBlank() || name.length() > 200) {
            problems.put("name", "must be 1 to 200 characters");
        } else if (!DisplayNames.isPrintable(name)) {
            problems.put("name", "must be written " + DisplayNames.RULE);
        }
        if (description != null && description.length() > 20_000) {
            problems.put("description", "must be at most 20000 characters");
        }
        if (category != null && category.strip().length() > MAX_CATEGORY) {
            problems.put("category", "must be at most 100 characters");
        } else if (category != null && !DisplayNames.isPrintable(category)) {
            problems.put("category", "must be written " + DisplayNames.RULE);
        }
        if (price < 0 || price > 100_000_000_00L) {
            problems.put("price", "must be a whole number of minor units from 0 to 10000000000");
        }
        if (currency == null || !CURRENCIES.contains(currency)) {
            problems.put("currency", "must be an upper-case ISO-4217 code such as CNY or USD");
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_product", "the product is not valid", problems);
        }
        return new ProductDraft(
                name.strip(),
                description == null ? "" : description,
                price,
                currency,
                active,
                category == null ? "" : category.strip());
    }
}
