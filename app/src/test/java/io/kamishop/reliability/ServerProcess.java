package io.kamishop.reliability;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The real server in its own process, started from the test classpath, so a test can kill it with
 * SIGKILL at any moment and start it again on the same data dir.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Http http;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.http = new Http("http://localhost:" + port, TestStore.ADMIN_TOKEN);
    }

    static ServerProcess start(Path dataDir, Path log, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        ServerProcess server = spawn(dataDir, log, extraEnv);
        // Generous: a start takes about a second, but a shared two-core machine under load has taken over a minute.
        server.awaitHealthy(Duration.ofSeconds(150), log);
        return server;
    }

    /**
     * Starts the server and returns at once, before it listens: for a test that watches what the server does
     * from its first moment (its sweepers run before {@code /healthz} answers) and may kill it at any point.
     */
    static ServerProcess spawn(Path dataDir, Path log, Map<String, String> extraEnv) throws IOException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        // As the shipped small-VPS launchers start it: C1 only and the serial collector. A store
                        // killed within seconds never earns back C2's compile threads, which a parallel test run
                        // pays for on the same two cores.
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.kamishop.Kamishop",
                        "serve",
                        "--port",
                        Integer.toString(port),
                        "--data-dir",
                        dataDir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KAMISHOP_ADMIN_TOKEN", TestStore.ADMIN_TOKEN);
        builder.environment().put("KAMISHOP_SANDBOX_SECRET", TestStore.SANDBOX_SECRET);
        builder.environment().put("KAMISHOP_RATE_ORDERS_PER_MINUTE", "1000000");
        builder.environment().putAll(extraEnv);
        return new ServerProcess(builder.start(), port);
    }

    boolean alive() {
        return process.isAlive();
    }

    private void awaitHealthy(Duration timeout, Path log) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue()
                        + " while starting; its log ends:\n" + tail(log));
            }
            try {
                if (http.get("/healthz").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(
                "the server did not become healthy in " + timeout + "; its log ends:\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    Http http() {
        return http;
    }

    int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(
                    java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
