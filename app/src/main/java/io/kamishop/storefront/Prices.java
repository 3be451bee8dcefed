package io.kamishop.storefront;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Money for people: minor units of a currency, written the way the buyer's language writes it. */
final class Prices {

    private Prices() {
    }

    /** E.g. 990 CNY is "¥9.90" in Chinese and "CN¥9.90" in English; 500 JPY is "￥500" / "¥500". */
    static String format(long minor, String currencyCode, Locale locale) {
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException e) {
            return minor + " " + currencyCode;
        }
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minor, digits));
    }
}
