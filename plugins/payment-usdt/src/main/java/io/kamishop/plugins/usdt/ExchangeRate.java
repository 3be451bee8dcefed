package io.kamishop.plugins.usdt;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merchant's exchange rate policy (fiat per coin, such as 7.2 CNY per USDT), as the {@code rate}
 * setting spells it:
 * <ul>
 *   <li>empty: the gateway's own rate (its configured or live rate);</li>
 *   <li>{@code 7.25}: always exactly this rate;</li>
 *   <li>{@code +2%} or {@code -3%}: the gateway's live rate raised or lowered by that percentage. The
 *       buyer sends {@code amount ÷ rate}, so {@code -3%} asks for about 3% more coin (a cushion for
 *       the exchange spread) and {@code +2%} for about 2% less.</li>
 * </ul>
 * BEpusdt takes it as the {@code rate} parameter of create-transaction ({@code 7.25}, or {@code ~0.97}
 * for the live rate times 0.97). epusdt has no such parameter and keeps its own rate: there the
 * merchant sets the rate in epusdt's configuration instead.
 */
record ExchangeRate(Optional<String> gatewayParameter) {

    /** The setting's form; the host checks it before anything is stored. */
    static final String PATTERN = "[0-9]{1,6}(\\.[0-9]{1,8})?|[+-][0-9]{1,2}(\\.[0-9]{1,4})?%";

    private static final Pattern FORM = Pattern.compile(PATTERN);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    static final ExchangeRate GATEWAYS = new ExchangeRate(Optional.empty());

    static ExchangeRate parse(Optional<String> setting) {
        String value = setting.map(String::strip).orElse("");
        if (value.isEmpty()) {
            return GATEWAYS;
        }
        Matcher matcher = FORM.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "rate must be empty, a fixed rate such as 7.25, or a percentage such as -3%");
        }
        if (!value.endsWith("%")) {
            BigDecimal fixed = new BigDecimal(value);
            if (fixed.signum() <= 0) {
                throw new IllegalArgumentException("a fixed rate must be above zero");
            }
            return new ExchangeRate(Optional.of(fixed.stripTrailingZeros().toPlainString()));
        }
        BigDecimal percent = new BigDecimal(value.substring(0, value.length() - 1)); // BigDecimal reads the sign
        BigDecimal factor = BigDecimal.ONE.add(percent.divide(HUNDRED)).stripTrailingZeros();
        return new ExchangeRate(Optional.of("~" + factor.toPlainString()));
    }
}
