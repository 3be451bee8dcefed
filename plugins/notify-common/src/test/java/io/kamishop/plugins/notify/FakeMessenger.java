package io.kamishop.plugins.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kamishop.api.OutboundHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A messenger's API on a free local port, for the notifier plugins' tests: records every request and
 * answers it as the test says (the service's success, its error shapes, or "down"). Shared by the
 * plugins through this module's test jar.
 */
public final class FakeMessenger implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the service saw it. */
    public record Call(String method, String path, Map<String, String> query, String body, Reply reply) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What the service answers. */
    public record Reply(int status, String contentType, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body);
        }

        /** A reverse proxy in front of a service that is down: not the service's JSON. */
        public static Reply down() {
            return new Reply(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
        }
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Function<Call, Reply> answering;

    /** {@code answering} is given the call (its reply still null) and says what to answer. */
    public FakeMessenger(Function<Call, Reply> answering) throws IOException {
        this.answering = answering;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Call call = new Call(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    query(exchange.getRequestURI().getRawQuery()),
                    body,
                    null);
            Reply reply = this.answering.apply(call);
            calls.add(new Call(call.method(), call.path(), call.query(), call.body(), reply));
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Answers differently from now on (the service goes down, or comes back). */
    public void answerWith(Function<Call, Reply> newAnswering) {
        this.answering = newAnswering;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The calls the service answered with this status. */
    public List<Call> answered(int status) {
        return calls.stream().filter(c -> c.reply().status() == status).toList();
    }

    /** What a plugin's tests use as the host's guarded client: a plain JDK client (the guard has its own tests). */
    public static OutboundHttp directHttp() {
        HttpClient client = HttpClient.newHttpClient();
        return new OutboundHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
                    throws IOException, InterruptedException {
                return client.send(request, body);
            }
        };
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
