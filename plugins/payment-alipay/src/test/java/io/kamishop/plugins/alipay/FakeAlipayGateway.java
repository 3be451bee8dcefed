package io.kamishop.plugins.alipay;

import io.kamishop.api.testing.FakePluginContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A local stand-in for Alipay's OpenAPI gateway: checks each request's RSA2 signature with the
 * merchant's public key (as Alipay does), answers what the test scripts, signed with "Alipay's" key.
 */
final class FakeAlipayGateway implements AutoCloseable {

    /** How the gateway behaves for the next calls. */
    enum Behaviour { ANSWER, FAIL_500, HANG }

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
    volatile Behaviour behaviour = Behaviour.ANSWER;
    /** Whether answers carry Alipay's signature; a man in the middle's would not. */
    volatile boolean signAnswers = true;
    /** The response object for a method, as JSON text; the gateway wraps and signs it. */
    volatile Function<Received, String> answers = r -> "{\"code\":\"10000\",\"msg\":\"Success\"}";
    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    FakeAlipayGateway(PublicKey merchantPublic, KeyPair alipayKeys) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/gateway.do", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = form(body);
            boolean valid = AlipaySignature.verify(AlipaySignature.canonical(params, AlipaySignature.REQUEST_EXCLUDED),
                    params.get("sign"), merchantPublic);
            Received request = new Received(params, valid);
            received.add(request);
            if (behaviour == Behaviour.HANG) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            if (behaviour == Behaviour.FAIL_500) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            String node = params.get("method").replace('.', '_') + "_response";
            String object = valid ? answers.apply(request)
                    : "{\"code\":\"40002\",\"msg\":\"Invalid Arguments\",\"sub_code\":\"isv.invalid-signature\"}";
            String sign = signAnswers ? ",\"sign\":\"" + AlipaySignature.sign(object, alipayKeys.getPrivate()) + "\"" : "";
            byte[] out = ("{\"" + node + "\":" + object + sign + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/gateway.do");
    }

    List<Received> calls(String method) {
        return received.stream().filter(r -> method.equals(r.method())).toList();
    }

    static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
