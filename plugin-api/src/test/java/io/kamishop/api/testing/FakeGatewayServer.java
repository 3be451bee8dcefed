package io.kamishop.api.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A payment gateway's stand-in on a free loopback port, for a plugin's tests and the store's end-to-end
 * tests. It reads each request's body, then hangs until {@link #close()} (a gateway that never answers),
 * fails with the gateway's own 500, or lets the fake answer. A bug in the fake itself is a 599, a status
 * no gateway sends, so it cannot pass for a gateway's answer.
 *
 * <p>A test against it from the store needs {@code KAMISHOP_ALLOW_PRIVATE_OUTBOUND=true}: the store
 * refuses loopback addresses otherwise.
 *
 * @param <B> the fake's own behaviour enum: answer, fail with 500, hang, and whatever else its gateway can do
 */
public abstract class FakeGatewayServer<B extends Enum<B>> implements AutoCloseable {

    /** How the fake answers the next requests; a test sets it. */
    public volatile B behaviour;

    private final B failing;
    private final B hanging;
    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    /**
     * @param answering the behaviour a fake starts with: it answers as the gateway documents
     * @param failing   the behaviour in which it answers {@link #answer500}
     * @param hanging   the behaviour in which it holds every request until closed
     */
    protected FakeGatewayServer(B answering, B failing, B hanging) {
        this.behaviour = answering;
        this.failing = failing;
        this.hanging = hanging;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::exchange);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** The gateway's own 500: its error body, as a plugin sees it when the gateway breaks. */
    protected abstract void answer500(HttpExchange exchange) throws IOException;

    /** Answers a request as the gateway would; {@code body} is the request's raw body. */
    protected abstract void answer(HttpExchange exchange, byte[] body) throws IOException;

    /** Every request, before any outage: a fake that records what the plugin sent records it here. */
    protected void noteRequest(HttpExchange exchange, byte[] body) {}

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    protected String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            noteRequest(exchange, body);
            if (behaviour == hanging) {
                release.await();
                return;
            }
            if (behaviour == failing) {
                answer500(exchange);
                return;
            }
            answer(exchange, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            send(exchange, 599, "text/plain; charset=utf-8", "fake failed: " + e);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
