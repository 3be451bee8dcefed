package io.kamishop.plugins.usdt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.kamishop.api.testing.FakeGatewayServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An epusdt-family gateway on a local port, as BEpusdt documents and behaves: it checks the
 * signature of create-transaction as Go does (the JSON decoded into {@code map[string]any}, numbers
 * as {@code float64} printed with {@code %v}), answers {@code status_code} 200 with the transaction
 * or 400 with a message (in HTTP 200, as the gateways do), and signs callbacks the same way. In
 * {@link Flavour#EPUSDT} it answers as the original epusdt: no {@code fiat}, amounts as numbers, the
 * expiry as a Unix time.
 *
 * <p>Public, in the plugin's test jar, so the store's end-to-end tests drive the same fake.
 */
public final class FakeUsdtGateway extends FakeGatewayServer<FakeUsdtGateway.Behaviour> {

    /** How the fake answers: as documented, HTTP 500, not at all until closed, or a refusal in status_code 400. */
    public enum Behaviour {
        ANSWER,
        FAIL_500,
        HANG,
        REFUSE
    }

    /** Which gateway it plays. */
    public enum Flavour {
        BEPUSDT,
        EPUSDT
    }

    public static final String TOKEN = "epusdt_password_xasddawqe";
    public static final String ADDRESS = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    /** CNY per USDT, the gateway's own rate. */
    public static final BigDecimal RATE = new BigDecimal("7.2");

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A request the fake received, and whether its signature held. */
    public record Call(String path, Map<String, Object> body, boolean signed) {}

    /** A transaction the fake opened. */
    public record Transaction(
            String tradeId, String orderId, BigDecimal amount, BigDecimal actualAmount, String tradeType) {}

    public volatile Flavour flavour = Flavour.BEPUSDT;
    public volatile Clock clock;
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final Map<String, Transaction> transactions = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();

    public FakeUsdtGateway(Clock clock) {
        super(Behaviour.ANSWER, Behaviour.FAIL_500, Behaviour.HANG);
        this.clock = clock;
    }

    @Override
    protected void answer500(HttpExchange exchange) throws IOException {
        send(exchange, 500, "{\"error\":\"internal\"}");
    }

    @Override
    protected void answer(HttpExchange exchange, byte[] body) throws IOException {
        handle(exchange, body);
    }

    public String base() {
        return origin();
    }

    /** The plugin's settings for a merchant of this fake. */
    public Map<String, String> pluginConfig() {
        return Map.of("apiUrl", base() + "/", "token", TOKEN, "tradeType", "usdt.trc20");
    }

    public List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange, byte[] raw) {
        String path = exchange.getRequestURI().getPath();
        boolean create = path.equals("/api/v1/order/create-transaction");
        // cancel-transaction is BEpusdt's; the original epusdt routes create-transaction only.
        boolean cancel = path.equals("/api/v1/order/cancel-transaction") && flavour == Flavour.BEPUSDT;
        if (!exchange.getRequestMethod().equals("POST") || !(create || cancel)) {
            send(exchange, 404, "404 page not found");
            return;
        }
        Map<String, Object> body;
        try {
            body = JSON.readValue(raw, Map.class);
        } catch (IOException e) {
            send(exchange, 200, "{\"status_code\":400,\"message\":\"json 数据解析错误\"}");
            return;
        }
        boolean signed = sign(body, TOKEN).equals(body.get("signature"));
        calls.add(new Call(path, body, signed));
        if (!signed) {
            // Both check the signature before anything else, each in its own words.
            send(
                    exchange,
                    200,
                    flavour == Flavour.BEPUSDT
                            ? "{\"status_code\":400,\"message\":\"签名错误\"}"
                            : "{\"status_code\":401,\"message\":\"签名认证错误\",\"data\":null,\"request_id\":\"\"}");
            return;
        }
        if (cancel) {
            Transaction open = transactions.values().stream()
                    .filter(t -> t.tradeId().equals(body.get("trade_id")))
                    .findFirst()
                    .orElse(null);
            send(
                    exchange,
                    200,
                    open == null
                            ? "{\"status_code\":400,\"message\":\"订单不存在\"}"
                            : write(Map.of(
                                    "status_code",
                                    200,
                                    "message",
                                    "success",
                                    "data",
                                    Map.of("trade_id", open.tradeId()),
                                    "request_id",
                                    "")));
            return;
        }
        if (body.get("amount") == null || body.get("notify_url") == null || body.get("order_id") == null) {
            // The required fields are checked after the signature, and nothing is created.
            send(
                    exchange,
                    200,
                    flavour == Flavour.BEPUSDT
                            ? "{\"status_code\":400,\"message\":\"请求参数错误：Key: 'createReq.Amount' Error:Field "
                                    + "validation for 'Amount' failed on the 'required' tag\"}"
                            : "{\"status_code\":400,\"message\":\"amount is required to not be empty\",\"data\":null,"
                                    + "\"request_id\":\"\"}");
            return;
        }
        if (behaviour == Behaviour.REFUSE) {
            send(exchange, 200, "{\"status_code\":400,\"message\":\"订单创建失败：没有可用的钱包地址\"}");
            return;
        }
        String orderId = (String) body.get("order_id");
        BigDecimal amount = new BigDecimal(body.get("amount").toString());
        String tradeType = body.get("trade_type") instanceof String t ? t : "usdt.trc20";
        BigDecimal actual = amount.divide(RATE, 2, RoundingMode.HALF_UP);
        Transaction tx = new Transaction(
                "fake" + sequence.incrementAndGet() + "x" + orderId.hashCode(), orderId, amount, actual, tradeType);
        transactions.put(orderId, tx);
        long timeout = body.get("timeout") instanceof Number n ? n.longValue() : 600;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("trade_id", tx.tradeId());
        data.put("order_id", orderId);
        if (flavour == Flavour.BEPUSDT) {
            data.put("fiat", body.getOrDefault("fiat", "CNY"));
            data.put("trade_type", tradeType);
            data.put("amount", plain(amount));
            data.put("actual_amount", plain(actual));
            data.put("expiration_time", timeout);
        } else {
            data.put("amount", amount.doubleValue());
            data.put("actual_amount", actual.doubleValue());
            data.put("expiration_time", clock.instant().getEpochSecond() + 600);
        }
        data.put("token", ADDRESS);
        data.put("status", 1);
        data.put("payment_url", base() + "/pay/checkout-counter/" + tx.tradeId());
        send(exchange, 200, write(Map.of("status_code", 200, "message", "success", "data", data, "request_id", "")));
    }

    /** The callback the gateway posts once the order's transaction is paid (status 2). */
    public String paidCallback(String orderId) {
        Transaction tx = transactions.get(orderId);
        return callback(tx.tradeId(), orderId, tx.amount(), tx.actualAmount(), 2);
    }

    /** A callback with these values, signed with the token as the gateway signs. */
    public String callback(String tradeId, String orderId, BigDecimal amount, BigDecimal actualAmount, int status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("trade_id", tradeId);
        fields.put("order_id", orderId);
        fields.put("amount", amount.doubleValue()); // a float64 in Go, written as its shortest decimal
        // BEpusdt sends actual_amount as a string, epusdt as a number.
        fields.put(
                "actual_amount",
                flavour == Flavour.BEPUSDT ? plain(actualAmount) : (Object) actualAmount.doubleValue());
        fields.put("token", ADDRESS);
        fields.put("block_transaction_id", "12ef6267b42e43959795cf31808d0cc72b3d0a48953ed19c61d4b6665a341d1" + status);
        fields.put("status", status);
        fields.put("signature", signFields(fields, TOKEN));
        return write(fields);
    }

    /** Signs decoded JSON as the gateway does: numbers are float64, printed as Go's %v (BEpusdt) or 'f' (epusdt). */
    public String sign(Map<String, Object> decoded, String token) {
        Map<String, Object> asGoSeesIt = new LinkedHashMap<>();
        decoded.forEach((k, v) -> asGoSeesIt.put(k, v instanceof Number n ? (Object) n.doubleValue() : v));
        return signFields(asGoSeesIt, token);
    }

    private String signFields(Map<String, Object> fields, String token) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Object> field : new TreeMap<>(fields).entrySet()) {
            Object value = field.getValue();
            if (field.getKey().equals("signature") || value == null || "".equals(value)) {
                continue;
            }
            String spelled = value instanceof Number n ? goFloat(n.doubleValue()) : value.toString();
            text.append(text.isEmpty() ? "" : "&")
                    .append(field.getKey())
                    .append('=')
                    .append(spelled);
        }
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("MD5").digest((text + token).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A float64 as the gateway prints it: epusdt's FormatFloat(v, 'f', -1), BEpusdt's %v (%g, shortest). */
    String goFloat(double value) {
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (flavour == Flavour.EPUSDT || shortest.signum() == 0) {
            return shortest.signum() == 0 ? "0" : shortest.toPlainString();
        }
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -4 && exponent < 6) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    private static String plain(BigDecimal value) {
        return value.round(MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client gave up (a hanging-gateway test); nothing to answer
        }
    }
}
