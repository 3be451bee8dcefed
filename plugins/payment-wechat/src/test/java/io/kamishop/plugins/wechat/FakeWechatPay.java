package io.kamishop.plugins.wechat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.kamishop.api.testing.FakeGatewayServer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * WeChat Pay API v3 on a local port, as the platform documents it, with keys the test generates:
 * it checks the merchant's {@code Authorization} signature of every request (401 {@code SIGN_ERROR}
 * otherwise), signs every answer with its own platform key, keeps transactions and refunds (one
 * refund per {@code out_refund_no}), and seals callbacks exactly as the platform does (AES-256-GCM
 * with the APIv3 key, signed over {@code timestamp\nnonce\nbody\n}).
 *
 * <p>Public, in the plugin's test jar, so the store's end-to-end tests drive the same fake.
 */
public final class FakeWechatPay extends FakeGatewayServer<FakeWechatPay.Behaviour> {

    /** How the fake answers: as documented, with HTTP 500, not at all until closed, or signed by an impostor. */
    public enum Behaviour {
        ANSWER,
        FAIL_500,
        HANG,
        FORGE_ANSWERS
    }

    public static final String MCH_ID = "1900009191";
    public static final String APP_ID = "wxd678efh567hg6787";
    public static final String API_V3_KEY = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    public static final String MERCHANT_SERIAL = "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C";
    public static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0119000091912025061800000000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AUTHORIZATION = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneId.of("Asia/Shanghai"));

    /** A request the fake received, and whether its merchant signature held. */
    public record Call(String method, String pathAndQuery, String body, boolean signedByMerchant) {}

    /** A callback as WeChat Pay posts it: the exact body and the signature headers. */
    public record Callback(String body, Map<String, String> headers) {}

    // Made once per test run: RSA-2048 key generation is slow, and nothing depends on fresh keys.
    private static final KeyPair MERCHANT = rsa();
    private static final KeyPair PLATFORM = rsa();
    private static final KeyPair IMPOSTOR = rsa();
    public final KeyPair merchantKeys = MERCHANT;
    public final KeyPair platformKeys = PLATFORM;
    private final KeyPair impostorKeys = IMPOSTOR;
    /** The id the platform names its key by in {@code Wechatpay-Serial}: the public key id, or a certificate's serial. */
    public volatile String signingSerial = PUBLIC_KEY_ID;

    /**
     * Whether this merchant has platform certificates to download: false plays a merchant registered
     * since late 2024, who has only the WeChat Pay public key and gets 404 from {@code /v3/certificates}.
     */
    public volatile boolean issuesPlatformCertificates = true;
    /** The serial number of the platform certificate {@code /v3/certificates} hands out. */
    public static final String CERTIFICATE_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";

    public volatile Clock clock;
    /** Transactions by {@code out_trade_no}, as the query API shows them. */
    public final Map<String, Map<String, Object>> transactions = new ConcurrentHashMap<>();
    /** Refunds by {@code out_refund_no}. */
    public final Map<String, Map<String, Object>> refunds = new ConcurrentHashMap<>();

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final AtomicInteger refundsCreated = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    public FakeWechatPay(Clock clock) {
        super(Behaviour.ANSWER, Behaviour.FAIL_500, Behaviour.HANG);
        this.clock = clock;
    }

    @Override
    protected void answer500(HttpExchange exchange) throws IOException {
        send(exchange, 500, error("SYSTEM_ERROR", "系统错误"));
    }

    @Override
    protected void answer(HttpExchange exchange, byte[] body) throws IOException {
        handle(exchange, new String(body, StandardCharsets.UTF_8));
    }

    public String base() {
        return origin();
    }

    /** The plugin's settings for a merchant of this fake, with the platform public key. */
    public Map<String, String> pluginConfig(String mode) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mchId", MCH_ID);
        config.put("appId", APP_ID);
        config.put("apiV3Key", API_V3_KEY);
        config.put("merchantSerialNo", MERCHANT_SERIAL);
        config.put(
                "merchantPrivateKey",
                pem("PRIVATE KEY", merchantKeys.getPrivate().getEncoded()));
        config.put("platformPublicKeyId", PUBLIC_KEY_ID);
        config.put(
                "platformPublicKey", pem("PUBLIC KEY", platformKeys.getPublic().getEncoded()));
        config.put("apiBase", base());
        config.put("mode", mode);
        return config;
    }

    public List<Call> calls(String method, String prefix) {
        return calls.stream()
                .filter(c -> c.method().equals(method) && c.pathAndQuery().startsWith(prefix))
                .toList();
    }

    private synchronized void handle(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String path = exchange.getRequestURI().getRawPath();
        String pathAndQuery = path + (rawQuery == null ? "" : "?" + rawQuery);
        boolean signed = merchantSignatureHolds(exchange, method, pathAndQuery, body);
        calls.add(new Call(method, pathAndQuery, body, signed));
        if (!signed) {
            send(exchange, 401, error("SIGN_ERROR", "签名错误"));
            return;
        }
        if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Accept"))
                || exchange.getRequestHeaders().getFirst("User-Agent") == null) {
            send(exchange, 400, error("PARAM_ERROR", "Http头缺少Accept或User-Agent"));
            return;
        }
        if (method.equals("POST")
                && (path.equals("/v3/pay/transactions/native") || path.equals("/v3/pay/transactions/h5"))) {
            prepay(exchange, path.endsWith("h5"), parse(body));
        } else if (method.equals("GET") && path.startsWith("/v3/pay/transactions/out-trade-no/")) {
            Map<String, Object> transaction =
                    transactions.get(path.substring("/v3/pay/transactions/out-trade-no/".length()));
            answerTransaction(exchange, transaction, rawQuery);
        } else if (method.equals("GET") && path.startsWith("/v3/pay/transactions/id/")) {
            String id = path.substring("/v3/pay/transactions/id/".length());
            answerTransaction(
                    exchange,
                    transactions.values().stream()
                            .filter(t -> id.equals(t.get("transaction_id")))
                            .findFirst()
                            .orElse(null),
                    rawQuery);
        } else if (method.equals("POST")
                && path.startsWith("/v3/pay/transactions/out-trade-no/")
                && path.endsWith("/close")) {
            close(exchange, path.split("/")[5], parse(body));
        } else if (method.equals("POST") && path.equals("/v3/refund/domestic/refunds")) {
            refund(exchange, parse(body));
        } else if (method.equals("GET") && path.equals("/v3/certificates")) {
            certificates(exchange);
        } else {
            send(exchange, 404, error("NOT_FOUND", "no such API in the fake"));
        }
    }

    private void prepay(HttpExchange exchange, boolean h5, Map<String, Object> order) throws IOException {
        if (!MCH_ID.equals(order.get("mchid")) || !APP_ID.equals(order.get("appid"))) {
            send(exchange, 400, error("PARAM_ERROR", "appid和mch_id不匹配"));
            return;
        }
        Object amount = order.get("amount");
        if (!(amount instanceof Map<?, ?> a)
                || !(a.get("total") instanceof Number)
                || order.get("out_trade_no") == null
                || order.get("notify_url") == null
                || order.get("description") == null) {
            send(exchange, 400, error("PARAM_ERROR", "缺少参数"));
            return;
        }
        if (h5 && !(order.get("scene_info") instanceof Map<?, ?> scene && scene.get("payer_client_ip") != null)) {
            send(exchange, 400, error("PARAM_ERROR", "缺少参数 payer_client_ip"));
            return;
        }
        String orderNo = (String) order.get("out_trade_no");
        Map<String, Object> existing = transactions.get(orderNo);
        if (existing != null
                && !(Objects.equals(existing.get("_request"), order) && "NOTPAY".equals(existing.get("trade_state")))) {
            send(exchange, 400, error("INVALID_REQUEST", "201 商户订单号重复"));
            return;
        }
        if (existing == null) {
            Map<String, Object> transaction = new LinkedHashMap<>();
            transaction.put("appid", APP_ID);
            transaction.put("mchid", MCH_ID);
            transaction.put("out_trade_no", orderNo);
            transaction.put("trade_type", h5 ? "MWEB" : "NATIVE");
            transaction.put("trade_state", "NOTPAY");
            transaction.put("trade_state_desc", "订单未支付");
            transaction.put(
                    "amount",
                    new LinkedHashMap<>(Map.of("total", ((Number) a.get("total")).longValue(), "currency", "CNY")));
            transaction.put("_request", order);
            transaction.put(
                    "_code",
                    "weixin://wxpay/bizpayurl?pr=" + Integer.toString(sequence.incrementAndGet(), 36) + "Fake");
            transactions.put(orderNo, transaction);
            existing = transaction;
        }
        if (h5) {
            send(
                    exchange,
                    200,
                    "{\"h5_url\":\"https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx" + orderNo
                            + "&package=1\"}");
        } else {
            send(exchange, 200, "{\"code_url\":\"" + existing.get("_code") + "\"}");
        }
    }

    private void answerTransaction(HttpExchange exchange, Map<String, Object> transaction, String query)
            throws IOException {
        if (query == null || !query.equals("mchid=" + MCH_ID)) {
            send(exchange, 400, error("PARAM_ERROR", "mchid不正确"));
        } else if (transaction == null) {
            send(exchange, 404, error("ORDER_NOT_EXIST", "订单不存在"));
        } else {
            send(exchange, 200, JSON.writeValueAsString(visible(transaction)));
        }
    }

    private void close(HttpExchange exchange, String orderNo, Map<String, Object> body) throws IOException {
        Map<String, Object> transaction = transactions.get(orderNo);
        if (!MCH_ID.equals(body.get("mchid"))) {
            send(exchange, 400, error("PARAM_ERROR", "mchid不正确"));
        } else if (transaction == null) {
            send(exchange, 404, error("ORDER_NOT_EXIST", "订单不存在"));
        } else if ("SUCCESS".equals(transaction.get("trade_state"))
                || "REFUND".equals(transaction.get("trade_state"))) {
            send(exchange, 400, error("ORDERPAID", "订单已支付"));
        } else {
            transaction.put("trade_state", "CLOSED");
            transaction.put("trade_state_desc", "订单已关闭");
            send(exchange, 204, "");
        }
    }

    private void refund(HttpExchange exchange, Map<String, Object> request) throws IOException {
        String refundNo = (String) request.get("out_refund_no");
        Map<String, Object> amount = request.get("amount") instanceof Map<?, ?> m ? cast(m) : Map.of();
        Map<String, Object> existing = refunds.get(refundNo);
        if (existing != null) {
            // The same out_refund_no again: the same refund, never a second one.
            Map<String, Object> before = cast((Map<?, ?>) existing.get("amount"));
            if (!Objects.equals(before.get("refund"), number(amount.get("refund")))) {
                send(exchange, 400, error("INVALID_REQUEST", "同一退款单号金额不一致"));
                return;
            }
            send(exchange, 200, JSON.writeValueAsString(existing));
            return;
        }
        Map<String, Object> transaction = transactions.values().stream()
                .filter(t -> request.get("transaction_id") != null
                        ? request.get("transaction_id").equals(t.get("transaction_id"))
                        : Objects.equals(request.get("out_trade_no"), t.get("out_trade_no")))
                .findFirst()
                .orElse(null);
        if (transaction == null
                || !("SUCCESS".equals(transaction.get("trade_state"))
                        || "REFUND".equals(transaction.get("trade_state")))) {
            send(exchange, 404, error("RESOURCE_NOT_EXISTS", "订单不存在"));
            return;
        }
        long total = (Long) cast((Map<?, ?>) transaction.get("amount")).get("total");
        long refunded = refunds.values().stream()
                .filter(r -> r.get("transaction_id").equals(transaction.get("transaction_id")))
                .mapToLong(r -> (Long) cast((Map<?, ?>) r.get("amount")).get("refund"))
                .sum();
        Long refund = number(amount.get("refund"));
        if (!Objects.equals(number(amount.get("total")), total)
                || refund == null
                || refund <= 0
                || refunded + refund > total
                || !"CNY".equals(amount.get("currency"))) {
            send(exchange, 400, error("INVALID_REQUEST", "退款金额或订单金额不正确"));
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("refund_id", "50000000382019052709732678" + String.format("%03d", refundsCreated.incrementAndGet()));
        answer.put("out_refund_no", refundNo);
        answer.put("transaction_id", transaction.get("transaction_id"));
        answer.put("out_trade_no", transaction.get("out_trade_no"));
        answer.put("channel", "ORIGINAL");
        answer.put("user_received_account", "支付用户零钱");
        answer.put("create_time", RFC3339.format(clock.instant()));
        answer.put("status", "PROCESSING");
        answer.put("funds_account", "AVAILABLE");
        answer.put(
                "amount",
                new LinkedHashMap<>(Map.of(
                        "total",
                        total,
                        "refund",
                        refund,
                        "payer_total",
                        total,
                        "payer_refund",
                        refund,
                        "settlement_total",
                        total,
                        "settlement_refund",
                        refund,
                        "discount_refund",
                        0L,
                        "currency",
                        "CNY")));
        refunds.put(refundNo, answer);
        transaction.put("trade_state", "REFUND");
        transaction.put("trade_state_desc", "转入退款");
        send(exchange, 200, JSON.writeValueAsString(answer));
    }

    /** The buyer pays the order in WeChat: what a query then reports, and the transaction a callback carries. */
    public Map<String, Object> pay(String orderNo) {
        Map<String, Object> transaction = transactions.get(orderNo);
        transaction.put("trade_state", "SUCCESS");
        transaction.put("trade_state_desc", "支付成功");
        transaction.put("transaction_id", "4200001234" + String.format("%018d", sequence.incrementAndGet()));
        transaction.put("bank_type", "OTHERS");
        transaction.put("attach", "");
        transaction.put("success_time", RFC3339.format(clock.instant()));
        transaction.put("payer", Map.of("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
        Map<String, Object> amount = cast((Map<?, ?>) transaction.get("amount"));
        amount.put("payer_total", amount.get("total"));
        amount.put("payer_currency", "CNY");
        return visible(transaction);
    }

    /**
     * {@code GET /v3/certificates} as documented: each platform certificate with its serial and validity,
     * its PEM sealed with the APIv3 key (associated data {@code certificate}); the answer signed as every answer.
     */
    private void certificates(HttpExchange exchange) throws IOException {
        if (!issuesPlatformCertificates) {
            send(exchange, 404, error("RESOURCE_NOT_EXISTS", "无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥"));
            return;
        }
        Instant now = clock.instant();
        String certificate;
        try {
            certificate = pem(
                    "CERTIFICATE",
                    new JcaX509CertificateConverter()
                            .getCertificate(new JcaX509v3CertificateBuilder(
                                            new X500Name("CN=Tenpay.com Root CA, O=Tenpay.com, C=CN"),
                                            new BigInteger(CERTIFICATE_SERIAL, 16),
                                            Date.from(now.minus(Duration.ofDays(1))),
                                            Date.from(now.plus(Duration.ofDays(1800))),
                                            new X500Name("CN=Tenpay.com, O=Tenpay.com, C=CN"),
                                            platformKeys.getPublic())
                                    .build(new JcaContentSignerBuilder("SHA256withRSA")
                                            .build(platformKeys.getPrivate())))
                            .getEncoded());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
        String nonce = randomAlphanumeric(12);
        Map<String, Object> sealed = new LinkedHashMap<>();
        sealed.put("algorithm", "AEAD_AES_256_GCM");
        sealed.put("nonce", nonce);
        sealed.put("associated_data", "certificate");
        sealed.put("ciphertext", seal(API_V3_KEY, nonce, "certificate", certificate));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("serial_no", CERTIFICATE_SERIAL);
        item.put("effective_time", RFC3339.format(now.minus(Duration.ofDays(1))));
        item.put("expire_time", RFC3339.format(now.plus(Duration.ofDays(1800))));
        item.put("encrypt_certificate", sealed);
        send(exchange, 200, JSON.writeValueAsString(Map.of("data", List.of(item))));
    }

    /** The payment callback of a paid order, sealed and signed now by the platform. */
    public Callback paidCallback(String orderNo) {
        return callback("TRANSACTION.SUCCESS", visible(transactions.get(orderNo)), clock.instant());
    }

    /** A callback of any event about any transaction (it need not be one this fake holds), sealed and signed at {@code at}. */
    public Callback callback(String eventType, Map<String, Object> transaction, Instant at) {
        String nonce = randomAlphanumeric(12);
        String plain;
        try {
            plain = JSON.writeValueAsString(transaction);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("original_type", "transaction");
        resource.put("algorithm", "AEAD_AES_256_GCM");
        resource.put("ciphertext", seal(API_V3_KEY, nonce, "transaction", plain));
        resource.put("associated_data", "transaction");
        resource.put("nonce", nonce);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "EV-2018022511223320873" + sequence.incrementAndGet());
        event.put("create_time", RFC3339.format(at));
        event.put("resource_type", "encrypt-resource");
        event.put("event_type", eventType);
        event.put("summary", "支付成功");
        event.put("resource", resource);
        try {
            return sign(JSON.writeValueAsString(event), at, platformKeys.getPrivate(), signingSerial);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs a body as the platform signs callbacks: {@code timestamp\nnonce\nbody\n}. */
    public static Callback sign(String body, Instant at, PrivateKey key, String serial) {
        String timestamp = Long.toString(at.getEpochSecond());
        String nonce = randomAlphanumeric(32);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Wechatpay-Timestamp", timestamp);
        headers.put("Wechatpay-Nonce", nonce);
        headers.put("Wechatpay-Signature", rsaSign(timestamp + "\n" + nonce + "\n" + body + "\n", key));
        headers.put("Wechatpay-Serial", serial);
        headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        headers.put("Content-Type", "application/json");
        return new Callback(body, headers);
    }

    /** AES-256-GCM as the platform seals a resource: base64 of ciphertext followed by the 16-byte tag. */
    public static String seal(String apiV3Key, String nonce, String associatedData, String plain) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
                    new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the platform would verify: our Authorization over {@code METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n}. */
    private boolean merchantSignatureHolds(HttpExchange exchange, String method, String pathAndQuery, String body) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("WECHATPAY2-SHA256-RSA2048 ")) {
            return false;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = AUTHORIZATION.matcher(header.substring("WECHATPAY2-SHA256-RSA2048 ".length()));
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        if (!MCH_ID.equals(fields.get("mchid"))
                || !MERCHANT_SERIAL.equals(fields.get("serial_no"))
                || fields.get("nonce_str") == null
                || fields.get("timestamp") == null
                || fields.get("signature") == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(fields.get("timestamp"));
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - timestamp) > 300) {
            return false;
        }
        String message =
                method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + fields.get("nonce_str") + "\n" + body + "\n";
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(merchantKeys.getPublic());
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(fields.get("signature")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Answers signed by the platform (or, when told to, by an impostor on the path). */
    private void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (status / 100 == 2) {
            PrivateKey key =
                    behaviour == Behaviour.FORGE_ANSWERS ? impostorKeys.getPrivate() : platformKeys.getPrivate();
            sign(body, clock.instant(), key, signingSerial)
                    .headers()
                    .forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        }
        exchange.getResponseHeaders().add("Request-ID", UUID.randomUUID().toString());
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        }
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** A transaction without the fake's own bookkeeping fields. */
    private static Map<String, Object> visible(Map<String, Object> transaction) {
        Map<String, Object> copy = new LinkedHashMap<>();
        transaction.forEach((k, v) -> {
            if (!k.startsWith("_")) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static String error(String code, String message) {
        return "{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }

    private static Map<String, Object> parse(String body) {
        try {
            return JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    static String rsaSign(String message, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String randomAlphanumeric(int length) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
