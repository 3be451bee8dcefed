package io.kamishop.plugins.usdt;

import io.kamishop.api.PluginSettings;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The merchant's gateway settings, parsed.
 *
 * @param apiUrl    the gateway's base URL, without a trailing slash
 * @param token     the API token that signs both ways (epusdt's {@code api_auth_token}, BEpusdt's 对接令牌)
 * @param tradeType the coin and network buyers pay with, as the gateways name it ({@code usdt.trc20})
 * @param rate      the exchange rate policy
 */
record UsdtConfig(URI apiUrl, String token, String tradeType, ExchangeRate rate) {

    static final String DEFAULT_TRADE_TYPE = "usdt.trc20";

    /**
     * The coins and networks as BEpusdt names them (docs/trade-type.md). epusdt knows only USDT on
     * TRON and ignores the parameter.
     */
    static final List<String> TRADE_TYPES = List.of(
            "usdt.trc20",
            "usdt.erc20",
            "usdt.bep20",
            "usdt.polygon",
            "usdt.arbitrum",
            "usdt.solana",
            "usdt.aptos",
            "usdt.xlayer",
            "usdt.ton",
            "usdt.plasma",
            "usdc.trc20",
            "usdc.erc20",
            "usdc.bep20",
            "usdc.polygon",
            "usdc.arbitrum",
            "usdc.base",
            "usdc.solana",
            "usdc.aptos",
            "usdc.xlayer",
            "tron.trx");

    static UsdtConfig from(PluginSettings settings) {
        String base = settings.require("apiUrl").strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI apiUrl = URI.create(base);
        if (!"https".equals(apiUrl.getScheme()) && !"http".equals(apiUrl.getScheme()) || apiUrl.getHost() == null) {
            throw new IllegalArgumentException("apiUrl must be the gateway's http(s) address");
        }
        String tradeType = settings.get("tradeType")
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .orElse(DEFAULT_TRADE_TYPE)
                .toLowerCase(Locale.ROOT);
        if (!TRADE_TYPES.contains(tradeType)) {
            throw new IllegalArgumentException("tradeType " + tradeType + " is not one the gateways know");
        }
        return new UsdtConfig(
                apiUrl, settings.require("token").strip(), tradeType, ExchangeRate.parse(settings.get("rate")));
    }

    /** What the buyer sends, for the cashier page: {@code USDT}, {@code USDC} or {@code TRX}. */
    static String coin(String tradeType) {
        return tradeType.equals("tron.trx")
                ? "TRX"
                : tradeType.substring(0, tradeType.indexOf('.')).toUpperCase(Locale.ROOT);
    }

    /** The network, for the cashier page: {@code TRC20}, {@code Polygon}, ... */
    static String network(String tradeType) {
        String network = tradeType.substring(tradeType.indexOf('.') + 1);
        return switch (network) {
            case "trc20", "erc20", "bep20" -> network.toUpperCase(Locale.ROOT);
            case "trx" -> "TRON";
            case "ton", "xlayer" -> network.equals("ton") ? "TON" : "X Layer";
            default -> Character.toUpperCase(network.charAt(0)) + network.substring(1);
        };
    }

    @Override
    public String toString() {
        return "UsdtConfig[apiUrl=" + apiUrl + ", tradeType=" + tradeType + ", rate=" + rate + "]"; // never the token
    }
}
