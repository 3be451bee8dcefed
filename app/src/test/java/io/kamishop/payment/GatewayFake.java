package io.kamishop.payment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/** A local HTTP stand-in for a payment gateway that can also fail with 500 or hang until closed. */
abstract class GatewayFake implements AutoCloseable {

    enum Behaviour { ANSWER, FAIL_500, HANG }

    volatile Behaviour behaviour = Behaviour.ANSWER;
    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    GatewayFake() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (behaviour == Behaviour.HANG) {
                    release.await();
                    return;
                }
                if (behaviour == Behaviour.FAIL_500) {
                    send(exchange, 500, "{\"error\":{\"type\":\"api_error\",\"message\":\"internal\"}}");
                    return;
                }
                handle(exchange, new String(body, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                send(exchange, 599, "fake failed: " + e);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    abstract void handle(HttpExchange exchange, String body) throws IOException;

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body == null) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    static String formEncode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
