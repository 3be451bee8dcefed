package io.kamishop.plugins.epay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.kamishop.api.testing.FakeGatewayServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An EPay aggregator (彩虹易支付) on a local port, as its developer documents describe it, signing on
 * its own (the signed text and MD5/RSA are written here again, not borrowed from the plugin, so a
 * mistake in the plugin's signature cannot hide behind the same mistake in the fake):
 *
 * <ul>
 *   <li>V1: {@code submit.php} (the buyer's page), {@code mapi.php} (answers a QR code or a pay URL),
 *       {@code GET api.php?act=order}, {@code GET api.php?act=query} (the merchant's account), {@code POST api.php?act=refund} (which refunds every time it is asked,
 *       as the real one does);</li>
 *   <li>V2: {@code api/pay/submit}, {@code api/pay/create}, {@code api/pay/query}, {@code api/pay/refund}
 *       (one refund per {@code out_refund_no}), {@code api/merchant/info}, every request checked against the merchant's public key
 *       and every answer signed with the platform key, with a {@code timestamp}.</li>
 * </ul>
 *
 * <p>Public, in the plugin's test jar, so the store's end-to-end tests drive the same fake.
 */
public final class FakeEpay extends FakeGatewayServer<FakeEpay.Behaviour> {

    /** How the fake answers: as documented, with HTTP 500, or not at all until closed. */
    public enum Behaviour {
        ANSWER,
        FAIL_500,
        HANG
    }

    /** What {@code mapi.php} / {@code api/pay/create} hand back. */
    public enum Answer {
        QRCODE,
        PAYURL
    }

    public static final String PID = "1001";
    public static final String KEY = "89unJUB8HZ54Hj7x4nUj56HN4nUzUJ8i";
    private static final ObjectMapper JSON = new ObjectMapper();
    // Made once per test run: RSA-2048 key generation is slow, and nothing depends on fresh keys.
    private static final KeyPair MERCHANT = rsa();
    private static final KeyPair PLATFORM = rsa();
    private static final KeyPair IMPOSTOR = rsa();

    /** A request the fake received, and whether the merchant's signature (or key) held. */
    public record Call(String method, String path, Map<String, String> params, boolean signedByMerchant) {}

    /** A trade as the aggregator keeps it. */
    public static final class Trade {
        public final String tradeNo;
        public final String orderNo;
        public final String type;
        public final String money;
        public final String notifyUrl;
        public final String returnUrl;
        public volatile boolean paid;
        public volatile BigDecimal refunded = BigDecimal.ZERO;

        Trade(String tradeNo, String orderNo, String type, String money, String notifyUrl, String returnUrl) {
            this.tradeNo = tradeNo;
            this.orderNo = orderNo;
            this.type = type;
            this.money = money;
            this.notifyUrl = notifyUrl;
            this.returnUrl = returnUrl;
        }
    }

    public final int version;
    public volatile Answer answer = Answer.QRCODE;
    /** Whether the aggregator lets the merchant take payments (an admin there can disable an account). */
    public volatile boolean merchantActive = true;

    public volatile Clock clock;
    public final Map<String, Trade> trades = new ConcurrentHashMap<>();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final AtomicInteger refundsMade = new AtomicInteger();
    /** What the store answered each notification the fake sent itself (after a buyer paid on its cashier page). */
    public final List<String> notifyAnswers = new CopyOnWriteArrayList<>();

    private final Map<String, String> refundNos = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();

    public FakeEpay(Clock clock, int version) {
        super(Behaviour.ANSWER, Behaviour.FAIL_500, Behaviour.HANG);
        this.clock = clock;
        this.version = version;
    }

    @Override
    protected void answer500(HttpExchange exchange) throws IOException {
        send(exchange, 500, "text/html", "<h1>500 Internal Server Error</h1>");
    }

    @Override
    protected void answer(HttpExchange exchange, byte[] body) throws IOException {
        handle(exchange, exchange.getRequestURI().getPath(), params(exchange, body));
    }

    /** The aggregator's base URL, ending in {@code /} as EPay documents it. */
    public String base() {
        return origin() + "/";
    }

    /** The plugin's settings for a merchant of this fake. */
    public Map<String, String> pluginConfig(String mode, String types) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("gatewayUrl", base());
        config.put("pid", PID);
        config.put("version", Integer.toString(version));
        if (version == 1) {
            config.put("key", KEY);
        } else {
            config.put(
                    "platformPublicKey", pem("PUBLIC KEY", PLATFORM.getPublic().getEncoded()));
            config.put(
                    "merchantPrivateKey",
                    pem("PRIVATE KEY", MERCHANT.getPrivate().getEncoded()));
        }
        config.put("types", types);
        config.put("mode", mode);
        return config;
    }

    public List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    /** The buyer pays the trade of {@code orderNo} (created by submit or mapi before). */
    public Trade pay(String orderNo) {
        Trade trade = trades.get(orderNo);
        if (trade == null) {
            throw new IllegalStateException("no trade for " + orderNo + ": the buyer never reached the aggregator");
        }
        trade.paid = true;
        return trade;
    }

    /** The notification the aggregator sends for a paid trade, signed as this version signs. */
    public Map<String, String> notification(String orderNo) {
        Trade trade = trades.get(orderNo);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("pid", PID);
        params.put("trade_no", trade.tradeNo);
        params.put("out_trade_no", trade.orderNo);
        params.put("type", trade.type);
        params.put("name", "order");
        params.put("money", trade.money);
        params.put("trade_status", "TRADE_SUCCESS");
        return sign(params);
    }

    /** Signs parameters as the platform does: V1 MD5 with the merchant key, V2 RSA with the platform key and a timestamp. */
    public Map<String, String> sign(Map<String, String> unsigned) {
        return version == 1 ? signMd5(unsigned, KEY) : signRsa(unsigned, PLATFORM.getPrivate());
    }

    public static Map<String, String> signMd5(Map<String, String> unsigned, String key) {
        Map<String, String> params = new LinkedHashMap<>(unsigned);
        params.remove("sign");
        params.remove("sign_type");
        params.put("sign", md5(signedText(params) + key));
        params.put("sign_type", "MD5");
        return params;
    }

    public Map<String, String> signRsa(Map<String, String> unsigned, PrivateKey key) {
        Map<String, String> params = new LinkedHashMap<>(unsigned);
        params.remove("sign");
        params.remove("sign_type");
        params.putIfAbsent("timestamp", Long.toString(clock.instant().getEpochSecond()));
        params.put("sign", rsaSign(signedText(params), key));
        params.put("sign_type", "RSA");
        return params;
    }

    /** A key pair that is not the platform's, for forged V2 notifications. */
    public static PrivateKey impostorKey() {
        return IMPOSTOR.getPrivate();
    }

    /** The notification as the query string of a GET to the notify URL. */
    public static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private void handle(HttpExchange exchange, String path, Map<String, String> params) throws IOException {
        if (path.startsWith("/cashier/") && path.endsWith("/pay")) {
            // The buyer paid on the aggregator's page: it notifies the store (GET), then sends the buyer back.
            String orderNo = path.substring("/cashier/".length(), path.length() - "/pay".length());
            Trade trade = pay(orderNo);
            Map<String, String> notification = notification(orderNo);
            notifyAnswers.add(getText(URI.create(trade.notifyUrl + "?" + query(notification))));
            exchange.getResponseHeaders()
                    .set(
                            "Location",
                            trade.returnUrl + (trade.returnUrl.contains("?") ? "&" : "?") + query(notification));
            send(exchange, 302, "text/plain", "");
            return;
        }
        switch (path) {
            case "/submit.php", "/api/pay/submit" -> {
                boolean signed = signedByMerchant(params);
                calls.add(new Call(exchange.getRequestMethod(), path, params, signed));
                if (!signed) {
                    send(exchange, 200, "text/html; charset=utf-8", "<h1>签名校验失败</h1>");
                    return;
                }
                Trade trade = open(params);
                send(
                        exchange,
                        200,
                        "text/html; charset=utf-8",
                        "<!doctype html><title>EPay cashier</title><h1 id=\"cashier\">"
                                + trade.type + " " + trade.money + "</h1><p id=\"order\">" + trade.orderNo + "</p>"
                                + "<p><a id=\"pay\" href=\"/cashier/" + trade.orderNo + "/pay\">Pay</a></p>");
            }
            case "/mapi.php", "/api/pay/create" -> {
                boolean signed = signedByMerchant(params);
                calls.add(new Call(exchange.getRequestMethod(), path, params, signed));
                if (!signed) {
                    json(exchange, Map.of("code", version == 1 ? -1 : -3, "msg", "签名校验失败"), false);
                    return;
                }
                Trade trade = open(params);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("code", version == 1 ? 1 : 0);
                answer.put("trade_no", trade.tradeNo);
                String link = base() + "pay/" + trade.tradeNo;
                if (version == 1) {
                    answer.put("msg", "");
                    answer.put(this.answer == Answer.QRCODE ? "qrcode" : "payurl", link);
                } else {
                    answer.put("pay_type", this.answer == Answer.QRCODE ? "qrcode" : "jump");
                    answer.put("pay_info", link);
                }
                json(exchange, answer, true);
            }
            case "/api.php" -> {
                String act = params.getOrDefault("act", "");
                boolean keyed = PID.equals(params.get("pid")) && KEY.equals(params.get("key"));
                calls.add(new Call(exchange.getRequestMethod(), path + "?act=" + act, params, keyed));
                if (!keyed) {
                    json(exchange, Map.of("code", -3, "msg", "KEY校验失败"), false);
                } else if (act.equals("order") && exchange.getRequestMethod().equals("GET")) {
                    Trade trade = trades.get(params.getOrDefault("out_trade_no", ""));
                    json(exchange, trade == null ? Map.of("code", -1, "msg", "订单号不存在") : describe(trade, 1), false);
                } else if (act.equals("query") && exchange.getRequestMethod().equals("GET")) {
                    json(exchange, merchant(), false);
                } else if (act.equals("refund") && exchange.getRequestMethod().equals("POST")) {
                    json(exchange, refund(params, null), false);
                } else {
                    json(exchange, Map.of("code", -5, "msg", "No Act!"), false);
                }
            }
            case "/api/pay/query", "/api/pay/refund" -> {
                boolean signed = signedByMerchant(params);
                calls.add(new Call(exchange.getRequestMethod(), path, params, signed));
                if (!signed) {
                    json(exchange, Map.of("code", -3, "msg", "签名校验失败"), false);
                } else if (path.endsWith("query")) {
                    Trade trade = trades.get(params.getOrDefault("out_trade_no", ""));
                    json(
                            exchange,
                            trade == null ? Map.of("code", -1, "msg", "订单不存在") : describe(trade, 0),
                            trade != null);
                } else {
                    Map<String, Object> answer = refund(params, params.get("out_refund_no"));
                    json(exchange, answer, "0".equals(String.valueOf(answer.get("code"))));
                }
            }
            case "/api/merchant/info" -> {
                boolean signed = signedByMerchant(params);
                calls.add(new Call(exchange.getRequestMethod(), path, params, signed));
                if (!signed) {
                    json(exchange, Map.of("code", -3, "msg", "签名校验失败"), false);
                } else {
                    json(exchange, merchant(), true);
                }
            }
            default -> send(exchange, 404, "text/plain", "not found");
        }
    }

    private Trade open(Map<String, String> params) {
        return trades.computeIfAbsent(
                params.get("out_trade_no"),
                orderNo -> new Trade(
                        "2026" + String.format("%012d", sequence.incrementAndGet()),
                        orderNo,
                        params.get("type"),
                        params.get("money"),
                        params.get("notify_url"),
                        params.get("return_url")));
    }

    /**
     * The merchant's account as the query documents it: V1 {@code act=query} (which echoes the key and
     * says {@code active}), V2 {@code api/merchant/info} ({@code status}, balances and order counts).
     */
    private Map<String, Object> merchant() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", version == 1 ? 1 : 0);
        answer.put("pid", Integer.parseInt(PID));
        if (version == 1) {
            answer.put("key", KEY);
            answer.put("active", merchantActive ? 1 : 0);
            answer.put("type", 1);
            answer.put("account", "merchant@example.com");
            answer.put("username", "商户");
            answer.put("orders", trades.size());
            answer.put("order_today", trades.size());
            answer.put("order_lastday", 0);
        } else {
            answer.put("status", merchantActive ? 1 : 0);
            answer.put("pay_status", 1);
            answer.put("settle_status", 1);
            answer.put("settle_type", 1);
            answer.put("settle_account", "merchant@example.com");
            answer.put("settle_name", "商户");
            answer.put("order_num", trades.size());
            answer.put("order_num_today", trades.size());
            answer.put("order_num_lastday", 0);
            answer.put("order_money_today", "0.00");
            answer.put("order_money_lastday", "0.00");
        }
        answer.put("money", "0.00");
        return answer;
    }

    private Map<String, Object> describe(Trade trade, int ok) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", ok);
        answer.put("msg", "查询订单号成功！");
        answer.put("trade_no", trade.tradeNo);
        answer.put("out_trade_no", trade.orderNo);
        answer.put("type", trade.type);
        answer.put("pid", Integer.parseInt(PID)); // a number in the real answer, not a string
        answer.put("name", "order");
        answer.put("money", trade.money);
        answer.put("status", trade.paid ? 1 : 0);
        return answer;
    }

    private Map<String, Object> refund(Map<String, String> params, String refundNo) {
        int ok = version == 1 ? 1 : 0;
        Trade trade = trades.get(params.getOrDefault("out_trade_no", ""));
        if (trade == null || !trade.paid) {
            return Map.of("code", -1, "msg", "订单不存在或未支付");
        }
        if (refundNo != null && refundNos.containsKey(refundNo)) {
            return Map.of(
                    "code",
                    ok,
                    "msg",
                    "退款成功",
                    "refund_no",
                    refundNos.get(refundNo),
                    "out_refund_no",
                    refundNo,
                    "trade_no",
                    trade.tradeNo,
                    "money",
                    params.get("money"));
        }
        BigDecimal money = new BigDecimal(params.get("money"));
        if (trade.refunded.add(money).compareTo(new BigDecimal(trade.money)) > 0) {
            return Map.of("code", -1, "msg", "退款金额超过订单金额");
        }
        trade.refunded = trade.refunded.add(money);
        refundsMade.incrementAndGet();
        String id = "R" + trade.tradeNo + refundsMade.get();
        if (refundNo != null) {
            refundNos.put(refundNo, id);
            return Map.of(
                    "code",
                    ok,
                    "msg",
                    "退款成功",
                    "refund_no",
                    id,
                    "out_refund_no",
                    refundNo,
                    "trade_no",
                    trade.tradeNo,
                    "money",
                    params.get("money"));
        }
        return Map.of("code", ok, "msg", "退款成功");
    }

    private boolean signedByMerchant(Map<String, String> params) {
        if (!PID.equals(params.get("pid"))) {
            return false;
        }
        if (version == 1) {
            return "MD5".equals(params.get("sign_type"))
                    && md5(signedText(params) + KEY).equals(params.get("sign"));
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(params.getOrDefault("timestamp", ""));
        } catch (NumberFormatException e) {
            return false;
        }
        return "RSA".equals(params.get("sign_type"))
                && Math.abs(clock.instant().getEpochSecond() - timestamp) <= 300
                && rsaVerify(signedText(params), params.get("sign"), MERCHANT.getPublic());
    }

    private void json(HttpExchange exchange, Map<String, Object> answer, boolean signV2) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>(answer);
        if (version == 2 && signV2) {
            body.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
            Map<String, String> text = new LinkedHashMap<>();
            body.forEach((k, v) -> text.put(k, String.valueOf(v)));
            body.put("sign", rsaSign(signedText(text), PLATFORM.getPrivate()));
            body.put("sign_type", "RSA");
        }
        send(exchange, 200, "application/json; charset=utf-8", JSON.writeValueAsString(body));
    }

    private static Map<String, String> params(HttpExchange exchange, byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        decode(query, params);
        decode(new String(body, StandardCharsets.UTF_8), params);
        return params;
    }

    private static void decode(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            into.putIfAbsent(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
    }

    static String signedText(Map<String, String> params) {
        return new TreeMap<>(params)
                .entrySet().stream()
                        .filter(e -> !e.getKey().equals("sign")
                                && !e.getKey().equals("sign_type")
                                && e.getValue() != null
                                && !e.getValue().isEmpty())
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
    }

    static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rsaSign(String text, PrivateKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean rsaVerify(String text, String signature, PublicKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(text.getBytes(StandardCharsets.UTF_8));
            return signature != null && rsa.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Opens a link the store hands the buyer (submit mode), as the buyer's browser would. */
    public int open(URI link) throws IOException, InterruptedException {
        var client = java.net.http.HttpClient.newHttpClient();
        return client.send(
                        java.net.http.HttpRequest.newBuilder(link).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String getText(URI uri) {
        try {
            var response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
