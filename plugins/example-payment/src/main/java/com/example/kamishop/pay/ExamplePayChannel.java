package com.example.kamishop.pay;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.PluginContext;
import io.kamishop.api.SettingDefinition;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.pf4j.Extension;

/**
 * "ExamplePay", a typical hosted-page gateway: the buyer is sent to the gateway's page with the order
 * in the query string, and the gateway POSTs {@code orderNo=..&tradeNo=..&amount=..} to our notify
 * URL with header {@code X-Example-Signature: hex(HMAC-SHA256(apiSecret, body))}.
 */
@Extension
public class ExamplePayChannel implements PaymentChannel {

    private volatile PluginContext context;

    @Override
    public String id() {
        return "examplepay";
    }

    @Override
    public String displayName() {
        return "ExamplePay";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string("merchantId", "Merchant ID").asRequired(),
                SettingDefinition.secret("apiSecret", "API secret").asRequired(),
                SettingDefinition.string("gatewayUrl", "Gateway URL")
                        .withType(SettingDefinition.Type.URL)
                        .withDefault("https://pay.example.com/checkout"));
    }

    @Override
    public void start(PluginContext pluginContext) {
        this.context = pluginContext;
    }

    @Override
    public boolean isReady() {
        return context.settings().get("merchantId").isPresent()
                && context.settings().get("apiSecret").isPresent();
    }

    @Override
    public PaymentInstructions createPayment(PaymentRequest request) {
        String query = "merchant=" + encode(context.settings().require("merchantId"))
                + "&orderNo=" + encode(request.orderNo())
                + "&amount=" + request.amount().minor()
                + "&currency=" + request.amount().currency()
                + "&notifyUrl=" + encode(context.storeUrls().notifyUrl(id()).toString())
                + "&returnUrl="
                + encode(context.storeUrls()
                        .orderPage(request.orderNo(), request.lookupToken())
                        .toString());
        return PaymentInstructions.redirect(
                context.settings().require("gatewayUrl") + "?" + query + "&sign=" + sign(query));
    }

    @Override
    public PaymentNotification parseNotification(IncomingRequest request) throws NotificationRejectedException {
        String signature = request.header("X-Example-Signature").orElse("");
        if (!MessageDigest.isEqual(
                sign(request.bodyText()).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            throw new NotificationRejectedException("bad signature");
        }
        String orderNo = request.param("orderNo").orElseThrow(() -> new NotificationRejectedException("no orderNo"));
        String tradeNo = request.param("tradeNo").orElseThrow(() -> new NotificationRejectedException("no tradeNo"));
        try {
            long amount = Long.parseLong(request.param("amount").orElse(""));
            return PaymentNotification.paid(orderNo, tradeNo, amount, "OK");
        } catch (NumberFormatException e) {
            throw new NotificationRejectedException("amount is not a whole number");
        }
    }

    String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(
                    context.settings().require("apiSecret").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
