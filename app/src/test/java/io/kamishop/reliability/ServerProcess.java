package io.kamishop.reliability;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server in its own process, started from the test classpath, so a test can kill it with
 * SIGKILL at any moment and start it again on the same data dir.
 */
final class ServerProcess implements AutoCloseable {

    /** The line the server prints once it listens, with the port it was given by the kernel. */
    private static final Pattern LISTENING = Pattern.compile("Kamishop listening on \\S+://localhost:(\\d+)");

    private final Process process;
    private final Path log;
    /** Where this process's output begins in the log (every start of a test appends to the same file). */
    private final long logFrom;

    private volatile int port;
    private volatile Http http;

    private ServerProcess(Process process, Path log, long logFrom) {
        this.process = process;
        this.log = log;
        this.logFrom = logFrom;
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
        long logFrom = Files.exists(log) ? Files.size(log) : 0;
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
                        // 0: the kernel gives the server a free port when it binds. A port found free here and
                        // passed on was free only until the child bound it, seconds later on a loaded machine,
                        // and a test class running meanwhile could take it: the server then exited on start.
                        "--port",
                        "0",
                        "--data-dir",
                        dataDir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KAMISHOP_ADMIN_TOKEN", TestStore.ADMIN_TOKEN);
        builder.environment().put("KAMISHOP_SANDBOX_SECRET", TestStore.SANDBOX_SECRET);
        builder.environment().put("KAMISHOP_RATE_ORDERS_PER_MINUTE", "1000000");
        builder.environment().putAll(extraEnv);
        return new ServerProcess(builder.start(), log, logFrom);
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * What became of the process, for a failure message: its exit code once it exited, else whether it has
     * printed that it listens (started) or not yet (still starting).
     */
    String state() {
        if (!process.isAlive()) {
            return "exited with code " + process.exitValue();
        }
        return listeningPort().isPresent() ? "running (started)" : "running (still starting)";
    }

    /** The port from this process's "listening" line in the log, once it printed it. */
    private java.util.OptionalInt listeningPort() {
        if (port > 0) {
            return java.util.OptionalInt.of(port);
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= logFrom) {
                return java.util.OptionalInt.empty();
            }
            file.seek(logFrom);
            byte[] output = new byte[(int) (file.length() - logFrom)];
            file.readFully(output);
            Matcher listening = LISTENING.matcher(new String(output, StandardCharsets.UTF_8));
            if (listening.find()) {
                port = Integer.parseInt(listening.group(1));
                http = new Http("http://localhost:" + port, TestStore.ADMIN_TOKEN);
                return java.util.OptionalInt.of(port);
            }
        } catch (IOException e) {
            // not written yet
        }
        return java.util.OptionalInt.empty();
    }

    private void awaitHealthy(Duration timeout, Path log) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue()
                        + " while starting; its log ends:\n" + tail(log));
            }
            try {
                if (listeningPort().isPresent() && http.get("/healthz").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not answering yet
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

    /** The server's HTTP client; only once it listens (after {@link #start}). */
    Http http() {
        if (listeningPort().isEmpty()) {
            throw new IllegalStateException("the server has not said which port it listens on yet");
        }
        return http;
    }

    int port() {
        http();
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
}
