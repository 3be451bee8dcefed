package io.kamishop.plugins.usdt;

import io.kamishop.api.JsonCodec;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Opens a transaction at the gateway: {@code POST {apiUrl}/api/v1/order/create-transaction}, signed
 * with the token, through the host's guarded HTTP client. The answer is read strictly: it must be
 * about our order and our amount, in our currency, or we show the buyer nothing from it.
 */
final class UsdtGateway {

    static final String CREATE_PATH = "/api/v1/order/create-transaction";
    /** BEpusdt's; epusdt has no such route. */
    static final String CANCEL_PATH = "/api/v1/order/cancel-transaction";
    /** BEpusdt refuses a timeout under 120 seconds. */
    private static final long SHORTEST_TIMEOUT_SECONDS = 120;
    /** Every address the gateways hand out (TRON and Solana base58, 0x EVM and Aptos hex, TON base64url). */
    private static final String ADDRESS = "[0-9A-Za-z_:-]{20,100}";

    private static final String TRADE_ID = "[0-9A-Za-z_-]{1,64}";

    private final Supplier<OutboundHttp> http;
    private final JsonCodec json;
    private final Clock clock;
    private final Duration timeout;

    UsdtGateway(Supplier<OutboundHttp> http, JsonCodec json, Clock clock, Duration timeout) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
    }

    GatewayTransaction create(UsdtConfig config, PaymentRequest request, String notifyUrl, String redirectUrl)
            throws PaymentException {
        BigDecimal amount = request.amount().toMajor();
        if (amount.signum() <= 0) {
            // BEpusdt reads amount 0 as "this address, any amount": never open that for an order.
            throw new PaymentException("a USDT payment needs an amount above zero");
        }
        Instant now = clock.instant();
        long timeoutSeconds = Math.max(
                SHORTEST_TIMEOUT_SECONDS,
                Duration.between(now, request.expiresAt()).toSeconds());
        // From a million up epusdt and BEpusdt sign the amount differently (1000000 / 1e+06): the
        // first spelling refused is tried the other way; a refusal creates nothing, so this is safe.
        List<String> spellings = new ArrayList<>(List.of(UsdtSignature.plain(amount)));
        if (!UsdtSignature.goDefault(amount).equals(spellings.get(0))) {
            spellings.add(UsdtSignature.goDefault(amount));
        }
        Map<String, Object> answer = null;
        for (String spelledAmount : spellings) {
            answer = call(config, request, amount, spelledAmount, timeoutSeconds, notifyUrl, redirectUrl);
            if (accepted(answer)) {
                break;
            }
        }
        // Both gateways answer HTTP 200 for refusals too, with status_code 400 and a message.
        if (!accepted(answer) || !(answer.get("data") instanceof Map<?, ?> data)) {
            throw new PaymentException(
                    "the USDT gateway refused the transaction: " + text(answer.get("message"), "no reason given"));
        }
        return read(request, config, data, now);
    }

    private static boolean accepted(Map<String, Object> answer) {
        return answer.get("status_code") instanceof Number code && code.intValue() == 200;
    }

    private Map<String, Object> call(
            UsdtConfig config,
            PaymentRequest request,
            BigDecimal amount,
            String spelledAmount,
            long timeoutSeconds,
            String notifyUrl,
            String redirectUrl)
            throws PaymentException {
        // What is sent, and the same values spelled as the gateway will sign them (see UsdtSignature).
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, String> signed = new LinkedHashMap<>();
        put(body, signed, "order_id", request.orderNo(), request.orderNo());
        put(body, signed, "amount", amount, spelledAmount);
        put(body, signed, "fiat", request.amount().currency(), request.amount().currency());
        put(body, signed, "notify_url", notifyUrl, notifyUrl);
        put(body, signed, "redirect_url", redirectUrl, redirectUrl);
        put(body, signed, "trade_type", config.tradeType(), config.tradeType());
        // The gateway stops watching the address when the store stops holding the stock.
        put(body, signed, "timeout", timeoutSeconds, Long.toString(timeoutSeconds));
        config.rate().gatewayParameter().ifPresent(rate -> put(body, signed, "rate", rate, rate));
        body.put("signature", UsdtSignature.sign(signed, config.token()));

        Reply reply = post(config, CREATE_PATH, body);
        if (reply.status() / 100 != 2) {
            throw new PaymentException("the USDT gateway answered HTTP " + reply.status());
        }
        return reply.body();
    }

    /** What the gateway answered: the HTTP status and its JSON (empty when it was not JSON, which a 2xx never is). */
    record Reply(int status, Map<String, Object> body) {
        /** Both gateways answer refusals in HTTP 200 too, with {@code status_code} 400 and a message. */
        boolean accepted() {
            return UsdtGateway.accepted(body);
        }

        String message() {
            return text(body.get("message"), "no reason given");
        }
    }

    /**
     * Posts {@code fields} signed with the token to {@code path} and reads the answer, for the
     * connection test: it looks only at whether the gateway took the signature.
     */
    Reply probe(UsdtConfig config, String path, Map<String, String> fields) throws PaymentException {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("signature", UsdtSignature.sign(fields, config.token()));
        return post(config, path, body);
    }

    private Reply post(UsdtConfig config, String path, Map<String, Object> body) throws PaymentException {
        HttpRequest call = HttpRequest.newBuilder(URI.create(config.apiUrl() + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.write(body), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.get().send(call, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PaymentException(
                    "the USDT gateway did not answer: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentException("the call to the USDT gateway was interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            // An error page, or the gateway's JSON refusal in a 4xx (epusdt's error handler may answer that way).
            try {
                return new Reply(
                        response.statusCode(),
                        json.parseObject(
                                response.body() == null
                                        ? new byte[0]
                                        : response.body().getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                return new Reply(response.statusCode(), Map.of());
            }
        }
        try {
            return new Reply(
                    response.statusCode(),
                    json.parseObject(
                            response.body() == null
                                    ? new byte[0]
                                    : response.body().getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw new PaymentException("the USDT gateway answered something that is not JSON");
        }
    }

    private static GatewayTransaction read(PaymentRequest request, UsdtConfig config, Map<?, ?> data, Instant now)
            throws PaymentException {
        String currency = request.amount().currency();
        if (data.get("order_id") != null && !request.orderNo().equals(String.valueOf(data.get("order_id")))) {
            throw new PaymentException("the USDT gateway answered about another order");
        }
        BigDecimal amount = request.amount().toMajor();
        if (data.get("amount") != null && decimal(data.get("amount")).compareTo(amount) != 0) {
            throw new PaymentException("the USDT gateway opened the transaction for another amount");
        }
        Object fiat = data.get("fiat");
        if (fiat != null ? !currency.equals(fiat) : !"CNY".equals(currency)) {
            // epusdt reads every amount as CNY and does not say so: a USD order there would be paid ~7× too little.
            throw new PaymentException("the USDT gateway did not take the amount in " + currency
                    + (fiat == null ? " (epusdt reads CNY only)" : ""));
        }
        String tradeId = text(data.get("trade_id"), "");
        String address = text(data.get("token"), "");
        if (!tradeId.matches(TRADE_ID) || !address.matches(ADDRESS)) {
            throw new PaymentException("the USDT gateway answered without a trade id or a receiving address");
        }
        BigDecimal actual = decimal(data.get("actual_amount"));
        if (actual.signum() <= 0) {
            throw new PaymentException("the USDT gateway answered without the amount to send");
        }
        String tradeType = data.get("trade_type") instanceof String t && UsdtConfig.TRADE_TYPES.contains(t)
                ? t
                : config.tradeType();
        Instant expiresAt = request.expiresAt();
        if (data.get("expiration_time") instanceof Number expiration && expiration.longValue() > 0) {
            // BEpusdt answers the seconds left; epusdt the Unix time it expires at.
            long value = expiration.longValue();
            Instant gateways = value > 1_000_000_000L ? Instant.ofEpochSecond(value) : now.plusSeconds(value);
            expiresAt = gateways.isBefore(expiresAt) ? gateways : expiresAt; // whichever closes first
        }
        String paymentUrl = data.get("payment_url") instanceof String url
                        && (url.startsWith("https://") || url.startsWith("http://"))
                ? url
                : null;
        return new GatewayTransaction(
                request.orderNo(),
                tradeId,
                currency,
                amount.toPlainString(),
                actual.toPlainString(),
                address,
                tradeType,
                expiresAt,
                paymentUrl);
    }

    private static void put(
            Map<String, Object> body, Map<String, String> signed, String key, Object value, String spelled) {
        body.put(key, value);
        signed.put(key, spelled);
    }

    /** BEpusdt answers amounts as strings, epusdt as numbers. */
    private static BigDecimal decimal(Object value) throws PaymentException {
        try {
            if (value instanceof BigDecimal d) {
                return d;
            }
            if (value instanceof Number || value instanceof String) {
                return new BigDecimal(value.toString().strip());
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new PaymentException("the USDT gateway answered an amount that is not a number: " + value);
    }

    private static String text(Object value, String fallback) {
        return value instanceof String s && !s.isBlank() ? s.strip() : fallback;
    }
}
