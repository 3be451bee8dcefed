package io.kamishop.plugins.alipay;

import com.sun.net.httpserver.HttpExchange;
import io.kamishop.api.testing.FakeGatewayServer;
import io.kamishop.api.testing.FakePluginContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local stand-in for Alipay's OpenAPI gateway: checks each request's RSA2 signature with the
 * merchant's public key (as Alipay does), answers what the test scripts, signed with "Alipay's" key.
 */
final class FakeAlipayGateway extends FakeGatewayServer<FakeAlipayGateway.Behaviour> {

    /** How the gateway behaves for the next calls. */
    enum Behaviour {
        ANSWER,
        FAIL_500,
        HANG
    }

    /** A request as received, with whether its signature verified. */
    record Received(Map<String, String> params, boolean signatureValid) {
        String method() {
            return params.get("method");
        }

        Map<String, Object> biz() {
            try {
                return FakePluginContext.MAPPER.readValue(params.get("biz_content"), Map.class);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** Whether answers carry Alipay's signature; a man in the middle's would not. */
    volatile boolean signAnswers = true;
    /** The response object for a method, as JSON text; the gateway wraps and signs it. */
    volatile Function<Received, String> answers = r -> "{\"code\":\"10000\",\"msg\":\"Success\"}";

    private final PublicKey merchantPublic;
    private final KeyPair alipayKeys;

    FakeAlipayGateway(PublicKey merchantPublic, KeyPair alipayKeys) {
        super(Behaviour.ANSWER, Behaviour.FAIL_500, Behaviour.HANG);
        this.merchantPublic = merchantPublic;
        this.alipayKeys = alipayKeys;
    }

    @Override
    protected void noteRequest(HttpExchange exchange, byte[] body) {
        received.add(read(body));
    }

    @Override
    protected void answer500(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(500, -1);
    }

    @Override
    protected void answer(HttpExchange exchange, byte[] body) throws IOException {
        Received request = read(body);
        String node = request.method().replace('.', '_') + "_response";
        String object = request.signatureValid()
                ? answers.apply(request)
                : "{\"code\":\"40002\",\"msg\":\"Invalid Arguments\",\"sub_code\":\"isv.invalid-signature\"}";
        String sign = signAnswers ? ",\"sign\":\"" + AlipaySignature.sign(object, alipayKeys.getPrivate()) + "\"" : "";
        send(exchange, 200, "application/json;charset=utf-8", "{\"" + node + "\":" + object + sign + "}");
    }

    /** The request's parameters, and whether they carry the merchant's signature (as Alipay checks it). */
    private Received read(byte[] body) {
        Map<String, String> params = form(new String(body, StandardCharsets.UTF_8));
        return new Received(
                params,
                AlipaySignature.verify(
                        AlipaySignature.canonical(params, AlipaySignature.REQUEST_EXCLUDED),
                        params.get("sign"),
                        merchantPublic));
    }

    URI url() {
        return URI.create(origin() + "/gateway.do");
    }

    List<Received> calls(String method) {
        return received.stream().filter(r -> method.equals(r.method())).toList();
    }

    static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
