package io.kamishop.plugins.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A merchant's webhook receiver on a loopback port: records every request, fails the first {@code failures}
 * with 503. Public, in the plugin's test jar, so the store's end-to-end tests use the same receiver.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One delivery as the receiver saw it. */
    public record Hit(String signature, String eventId, String eventType, String body) {}

    public final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public WebhookReceiver(int failures) throws IOException {
        AtomicInteger toFail = new AtomicInteger(failures);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            hits.add(new Hit(
                    exchange.getRequestHeaders().getFirst("Kamishop-Signature"),
                    exchange.getRequestHeaders().getFirst("Kamishop-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Kamishop-Event-Type"),
                    body));
            exchange.sendResponseHeaders(toFail.getAndDecrement() > 0 ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** What a merchant writes from the docs (docs/commerce.md), independent of the plugin's signing code. */
    public static boolean merchantVerifies(String secret, String header, String body) throws GeneralSecurityException {
        String t = header.replaceAll(".*t=(\\d+).*", "$1");
        String v1 = header.replaceAll(".*v1=([0-9a-f]+).*", "$1");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of()
                .formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)))
                .equals(v1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
