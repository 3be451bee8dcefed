package io.kamishop.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in minor units (cents, fen) with its ISO-4217 currency code. Never a floating point number.
 *
 * @param minor    the amount in the currency's smallest unit, for example {@code 990} for 9.90 CNY
 * @param currency the upper-case ISO-4217 code, for example {@code CNY}
 */
public record Money(long minor, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (minor < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
    }

    /** The amount as a decimal in major units with the currency's digits, e.g. {@code 9.90}; gateways such as Alipay want this. */
    public BigDecimal toMajor() {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(minor, digits);
    }

    /** Parses a major-unit decimal such as {@code "9.90"} exactly; more digits than the currency has is an error. */
    public static Money ofMajor(String decimal, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        BigDecimal value = new BigDecimal(decimal).setScale(digits); // throws if rounding would be needed
        return new Money(value.unscaledValue().longValueExact(), currency);
    }
}
