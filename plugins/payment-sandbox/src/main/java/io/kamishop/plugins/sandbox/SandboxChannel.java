package io.kamishop.plugins.sandbox;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.NotificationSubmitter;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.PluginContext;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.RefundResult;
import io.kamishop.api.SettingDefinition;
import io.kamishop.api.WebResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * A payment gateway that lives inside the store, for demos and tests. It behaves like a real one:
 * a cashier page the buyer is redirected to, and an HMAC-signed notification that the store verifies
 * exactly as it verifies Alipay's or Stripe's. Anyone can press Pay, so never enable it on a live store.
 */
@Extension
public class SandboxChannel implements PaymentChannel {

    static final String ID = "sandbox";
    static final String SIGNATURE_HEADER = "X-Sandbox-Signature";
    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile PluginContext context;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Sandbox (test payments)";
    }

    /** Refunds are accepted at once: a sandbox payment moved no real money. */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.REFUND);
    }

    /** Idempotent as the contract asks: the same refund id always gets the same gateway refund id. */
    @Override
    public RefundResult refund(RefundRequest request) {
        return new RefundResult(true, "SBXRF-" + request.refundId());
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(SettingDefinition.secret("secret", "Signing secret")
                .withHelp("HMAC-SHA256 key of the sandbox notifications. KAMISHOP_SANDBOX_SECRET overrides it.")
                .withEnvironmentVariable("KAMISHOP_SANDBOX_SECRET")
                .asRequired()
                .generatedIfMissing());
    }

    @Override
    public void start(PluginContext pluginContext) {
        this.context = pluginContext;
    }

    @Override
    public PaymentInstructions createPayment(PaymentRequest request) {
        String query = "orderNo=" + encode(request.orderNo())
                + "&amount=" + request.amount().minor()
                + "&currency=" + encode(request.amount().currency())
                + "&subject=" + encode(request.subject())
                + "&t=" + encode(request.lookupToken());
        String cashier = context.storeUrls().channelPage(ID, "cashier") + "?" + query;
        return new PaymentInstructions(cashier, null, null, request.orderNo(), Map.of());
    }

    @Override
    public PaymentNotification parseNotification(IncomingRequest request) throws NotificationRejectedException {
        String signature = request.header(SIGNATURE_HEADER)
                .orElseThrow(() -> new NotificationRejectedException("missing " + SIGNATURE_HEADER + " header"));
        if (!SandboxSignature.verify(secret(), request.body(), signature)) {
            throw new NotificationRejectedException("signature does not match the body");
        }
        Map<String, Object> json;
        try {
            json = context.json().parseObject(request.body());
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("body is not a JSON object");
        }
        String orderNo = text(json, "orderNo");
        String tradeNo = text(json, "tradeNo");
        if (!(json.get("amount") instanceof Long amount) || amount < 0) {
            throw new NotificationRejectedException("amount must be a non-negative whole number of minor units");
        }
        Object currency = json.get("currency");
        return new PaymentNotification(
                PaymentNotification.Kind.PAID,
                orderNo,
                tradeNo,
                amount,
                currency instanceof String c ? c : null,
                "success");
    }

    @Override
    public Optional<WebResponse> serve(IncomingRequest request) {
        if (request.path().equals("cashier") && request.method().equals("GET")) {
            return Optional.of(SandboxCashierPage.render(request));
        }
        if (request.path().equals("cashier.css") && request.method().equals("GET")) {
            return Optional.of(SandboxCashierPage.stylesheet());
        }
        if (request.path().equals("pay") && request.method().equals("POST")) {
            return Optional.of(pay(request));
        }
        return Optional.empty();
    }

    /** The Pay button: sign a notification the way the gateway would and feed it to the store's notify path. */
    private WebResponse pay(IncomingRequest request) {
        String orderNo = request.param("orderNo").orElse("");
        String token = request.param("t").orElse("");
        long amount;
        try {
            amount = Long.parseLong(request.param("amount").orElse(""));
        } catch (NumberFormatException e) {
            return WebResponse.text(400, "amount must be a whole number");
        }
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("orderNo", orderNo);
        notification.put("amount", amount);
        notification.put("tradeNo", "SBX" + HexFormat.of().formatHex(randomBytes(10)));
        byte[] body = context.json().write(notification).getBytes(StandardCharsets.UTF_8);
        IncomingRequest signed = new IncomingRequest(
                "POST",
                "",
                Map.of(
                        "x-sandbox-signature",
                        List.of(SandboxSignature.sign(secret(), body)),
                        "content-type",
                        List.of("application/json")),
                Map.of(),
                body,
                request.clientIp());
        NotificationSubmitter.Outcome outcome = context.notifications().submit(ID, signed);
        if (!outcome.accepted()) {
            return SandboxCashierPage.failure(request, outcome.status(), outcome.body());
        }
        return WebResponse.redirect(
                context.storeUrls().orderPage(orderNo, token).toString());
    }

    private String secret() {
        return context.settings().require("secret");
    }

    private static String text(Map<String, Object> json, String field) throws NotificationRejectedException {
        if (json.get(field) instanceof String value && !value.isBlank() && value.length() <= 128) {
            return value;
        }
        throw new NotificationRejectedException(field + " must be a non-empty string");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
