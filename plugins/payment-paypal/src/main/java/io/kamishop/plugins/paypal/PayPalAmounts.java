package io.kamishop.plugins.paypal;

import io.kamishop.api.Money;
import java.math.BigDecimal;
import java.util.Set;

/**
 * Amounts as PayPal writes them: a decimal string in major units, with as many decimals as PayPal
 * allows for the currency (<a href="https://developer.paypal.com/api/rest/reference/currency-codes/">currency
 * codes</a>). Not always ISO 4217's: HUF and TWD have two decimals in ISO 4217 (so the store keeps
 * them in hundredths) but PayPal takes whole units only, and JPY has none in either.
 */
final class PayPalAmounts {

    /** The currencies PayPal takes for payments. */
    static final Set<String> SUPPORTED = Set.of(
            "AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "HUF", "ILS", "JPY", "MYR", "MXN", "TWD", "NZD",
            "NOK", "PHP", "PLN", "GBP", "SGD", "SEK", "CHF", "THB", "USD");
    /** Currencies PayPal refuses decimals for. */
    private static final Set<String> WHOLE_UNITS = Set.of("HUF", "JPY", "TWD");

    private PayPalAmounts() {}

    /**
     * The {@code value} PayPal expects for an amount, e.g. {@code "19.99"} USD, {@code "500"} JPY.
     *
     * @throws IllegalArgumentException for a currency PayPal does not take, or an amount it cannot
     *                                  express (2500.50 HUF: PayPal has no fillér)
     */
    static String value(Money money) {
        if (!SUPPORTED.contains(money.currency())) {
            throw new IllegalArgumentException("PayPal does not take payments in " + money.currency());
        }
        int decimals = WHOLE_UNITS.contains(money.currency()) ? 0 : 2;
        try {
            return money.toMajor().setScale(decimals).toPlainString(); // throws rather than round
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("PayPal takes whole " + money.currency() + " only, not "
                    + money.toMajor().toPlainString());
        }
    }

    /** An amount PayPal reported, exactly; a value with more decimals than the currency has is refused. */
    static Money parse(Object value, Object currency) {
        if (!(value instanceof String text)
                || !(currency instanceof String code)
                || !SUPPORTED.contains(code)
                || !text.matches("[0-9]{1,18}(\\.[0-9]{1,4})?")) {
            throw new IllegalArgumentException("not a PayPal amount");
        }
        BigDecimal decimal = new BigDecimal(text);
        return Money.ofMajor(decimal.toPlainString(), code);
    }
}
