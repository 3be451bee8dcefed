package io.kamishop.payment;

import com.sun.net.httpserver.HttpExchange;
import io.kamishop.api.testing.FakeGatewayServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A local HTTP stand-in for a payment gateway that can also fail with 500 or hang until closed. */
abstract class GatewayFake extends FakeGatewayServer<GatewayFake.Behaviour> {

    enum Behaviour {
        ANSWER,
        FAIL_500,
        HANG
    }

    GatewayFake() {
        super(Behaviour.ANSWER, Behaviour.FAIL_500, Behaviour.HANG);
    }

    abstract void handle(HttpExchange exchange, String body) throws IOException;

    @Override
    protected void answer500(HttpExchange exchange) throws IOException {
        send(exchange, 500, "{\"error\":{\"type\":\"api_error\",\"message\":\"internal\"}}");
    }

    @Override
    protected void answer(HttpExchange exchange, byte[] body) throws IOException {
        handle(exchange, new String(body, StandardCharsets.UTF_8));
    }

    String base() {
        return origin();
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json;charset=utf-8", body);
    }

    static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body == null) {
            return params;
        }
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

    static String formEncode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
