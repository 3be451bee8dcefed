package io.kamishop.payment;

import com.sun.net.httpserver.HttpExchange;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Alipay's gateway as the store sees it: it holds "Alipay's" RSA key pair and the merchant's, signs
 * notifications and answers the way Alipay documents, and checks the RSA2 signature of every request.
 * Written independently of the plugin's code, so a shared mistake cannot hide.
 */
final class AlipayFake extends GatewayFake {

    static final String APP_ID = "2021000000000042";

    /** A request to the gateway, with whether its signature verified with the merchant's public key. */
    record Call(Map<String, String> params, boolean signatureValid) {}

    final KeyPair alipay = rsa();
    final KeyPair merchant = rsa();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** out_trade_no -> the trade as Alipay knows it (trade_no, trade_status, total_amount); absent = never opened. */
    final Map<String, Map<String, String>> trades = new ConcurrentHashMap<>();

    @Override
    void handle(HttpExchange exchange, String body) throws java.io.IOException {
        Map<String, String> params = form(body);
        boolean valid = verify(canonical(params, List.of("sign")), params.get("sign"), merchant.getPublic());
        calls.add(new Call(params, valid));
        String method = params.get("method");
        String answer;
        if (!valid) {
            answer = "{\"code\":\"40002\",\"msg\":\"Invalid Arguments\",\"sub_code\":\"isv.invalid-signature\"}";
        } else {
            String outTradeNo = bizField(params.get("biz_content"), "out_trade_no");
            Map<String, String> trade = trades.get(outTradeNo);
            answer = switch (method) {
                case "alipay.trade.precreate" ->
                    "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"" + outTradeNo
                            + "\",\"qr_code\":\"https://qr.alipay.com/bax" + outTradeNo + "\"}";
                case "alipay.trade.query" ->
                    trade == null
                            ? "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\",\"sub_msg\":\"no trade\"}"
                            : "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"" + outTradeNo
                                    + "\",\"trade_no\":\""
                                    + trade.get("trade_no") + "\",\"trade_status\":\"" + trade.get("trade_status")
                                    + "\",\"total_amount\":\""
                                    + trade.get("total_amount") + "\"}";
                case "alipay.trade.close" -> {
                    if (trade == null) {
                        yield "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\"}";
                    }
                    if (!"WAIT_BUYER_PAY".equals(trade.get("trade_status"))) {
                        yield "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_STATUS_ERROR\"}";
                    }
                    trade.put("trade_status", "TRADE_CLOSED");
                    yield "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"" + outTradeNo + "\"}";
                }
                default -> "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.UNKNOWN\"}";
            };
        }
        String node = method == null ? "error_response" : method.replace('.', '_') + "_response";
        send(exchange, 200, "{\"" + node + "\":" + answer + ",\"sign\":\"" + sign(answer, alipay.getPrivate()) + "\"}");
    }

    List<Call> calls(String method) {
        return calls.stream()
                .filter(c -> method.equals(c.params().get("method")))
                .toList();
    }

    /** The buyer opens and pays the trade at Alipay (what the query then reports). */
    void pay(String orderNo, String tradeNo, String totalAmount) {
        trades.put(
                orderNo,
                new ConcurrentHashMap<>(
                        Map.of("trade_no", tradeNo, "trade_status", "TRADE_SUCCESS", "total_amount", totalAmount)));
    }

    /** A notification as Alipay posts it: form fields signed over all but sign and sign_type. */
    String notification(String orderNo, String tradeNo, String totalAmount, String status) {
        return notification(orderNo, tradeNo, totalAmount, status, APP_ID, alipay.getPrivate());
    }

    String notification(
            String orderNo, String tradeNo, String totalAmount, String status, String appId, PrivateKey key) {
        Map<String, String> form = new TreeMap<>(Map.of(
                "notify_time",
                "2026-11-25 18:01:00",
                "notify_type",
                "trade_status_sync",
                "notify_id",
                "nid" + tradeNo,
                "charset",
                "utf-8",
                "version",
                "1.0",
                "app_id",
                appId,
                "trade_no",
                tradeNo,
                "out_trade_no",
                orderNo,
                "trade_status",
                status,
                "total_amount",
                totalAmount));
        form.put("buyer_logon_id", "159****5620");
        form.put("sign_type", "RSA2");
        form.put("sign", sign(canonical(form, List.of("sign", "sign_type")), key));
        return formEncode(form);
    }

    Map<String, Object> pluginConfig(String mode) {
        return Map.of(
                "appId",
                APP_ID,
                "merchantPrivateKey",
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(merchant.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----",
                "alipayPublicKey",
                Base64.getEncoder().encodeToString(alipay.getPublic().getEncoded()),
                "gatewayUrl",
                base() + "/gateway.do",
                "mode",
                mode);
    }

    static String canonical(Map<String, String> params, List<String> excluded) {
        return new TreeMap<>(params)
                .entrySet().stream()
                        .filter(e -> !excluded.contains(e.getKey())
                                && e.getValue() != null
                                && !e.getValue().isEmpty())
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
    }

    static String sign(String text, PrivateKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verify(String text, String signature, PublicKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return signature != null && rsa.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String bizField(String bizContent, String field) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(bizContent)
                    .path(field)
                    .asText(null);
        } catch (Exception e) {
            return null;
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
}
