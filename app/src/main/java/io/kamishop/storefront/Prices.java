package io.kamishop.storefront;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Money for people: minor units of a currency, written the way the buyer's language writes it. */
final class Prices {

    private static final java.util.Map<String, NumberFormat> FORMATS = new java.util.concurrent.ConcurrentHashMap<>();

    private Prices() {}

    /** E.g. 990 CNY is "¥9.90" in Chinese and "CN¥9.90" in English; 500 JPY is "￥500" / "¥500". */
    static String format(long minor, String currencyCode, Locale locale) {
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException e) {
            return minor + " " + currencyCode;
        }
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        // Building a currency format reads locale data and parses a pattern: do it once per pair and
        // hand out clones (NumberFormat is not thread-safe).
        NumberFormat format =
                (NumberFormat) FORMATS.computeIfAbsent(locale.toLanguageTag() + "/" + currency.getCurrencyCode(), k -> {
                            NumberFormat f = NumberFormat.getCurrencyInstance(locale);
                            f.setCurrency(currency);
                            f.setMinimumFractionDigits(digits);
                            f.setMaximumFractionDigits(digits);
                            return f;
                        })
                        .clone();
        return format.format(BigDecimal.valueOf(minor, digits));
    }
}
