package io.kamishop.plugins.usdt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The epusdt signature, which BEpusdt and TokenPay's epusdt mode keep
 * (<a href="https://github.com/v03413/BEpusdt/blob/main/docs/api/api.md">BEpusdt API, 签名算法</a>):
 * the non-empty parameters other than {@code signature}, sorted by name, joined {@code k=v} with
 * {@code &}, followed directly by the API token, then MD5 in lower-case hex.
 *
 * <p>The gateways are written in Go and sign the values of a JSON object decoded into
 * {@code map[string]any}, so a JSON number is signed as Go prints a {@code float64}: {@code 10.00}
 * travels as a number but is signed as {@code 10}. epusdt prints it as a plain decimal
 * ({@code strconv.FormatFloat(v, 'f', -1, 64)}); BEpusdt with {@code fmt.Sprintf("%v")}, which is
 * the same below one million and switches to {@code 1e+06} from there. {@link #plain} and
 * {@link #goDefault} are those two spellings.
 */
final class UsdtSignature {

    private UsdtSignature() {}

    /** Signs parameters already spelled as the gateway will see them. Empty values are left out, as the gateways do. */
    static String sign(Map<String, String> params, String token) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> param : new TreeMap<>(params).entrySet()) {
            if (param.getKey().equals("signature")
                    || param.getValue() == null
                    || param.getValue().isEmpty()) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append('&');
            }
            text.append(param.getKey()).append('=').append(param.getValue());
        }
        text.append(token);
        try {
            byte[] digest =
                    MessageDigest.getInstance("MD5").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** Compares in constant time, so the time an answer takes tells an attacker nothing about the expected signature. */
    static boolean matches(String expected, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** A number as epusdt signs it: the shortest plain decimal, {@code 10} for {@code 10.00}. */
    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /**
     * A number as Go's {@code %v} prints a {@code float64} (BEpusdt): the shortest digits, in
     * exponent form when the decimal exponent is below -4 or at least 6 ({@code 1.5e+06}, {@code 1e-05}).
     */
    static String goDefault(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - stripped.scale();
        if (exponent >= -4 && exponent < 6) {
            return stripped.toPlainString();
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String power = Integer.toString(Math.abs(exponent));
        return (stripped.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (power.length() < 2 ? "0" + power : power);
    }
}
