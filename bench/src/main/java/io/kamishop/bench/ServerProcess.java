package io.kamishop.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server under test, in its own JVM like a real deployment: {@code java [opts] -jar kamishop.jar}
 * or the bare Javalin peer, on a free port, with its own data dir. Start-up time is measured from
 * spawning the process to the first 200 from its health URL.
 */
final class ServerProcess implements AutoCloseable {

    static final String ADMIN_TOKEN = "bench-admin-token-0123456789";
    static final String SANDBOX_SECRET = "bench-sandbox-secret-0123456789";

    private final Process process;
    private final int port;
    private final long startupMillis;

    private ServerProcess(Process process, int port, long startupMillis) {
        this.process = process;
        this.port = port;
        this.startupMillis = startupMillis;
    }

    /** Starts {@code java -jar kamishop.jar} on a free port and waits until /healthz answers 200. */
    static ServerProcess kamishop(Path jar, Path dataDir, List<String> jvmOptions, Path log) throws IOException {
        return kamishop(jar, dataDir, jvmOptions, log, Map.of());
    }

    /** As above, with more environment for the store (a PostgreSQL URL, a shared master key). */
    static ServerProcess kamishop(
            Path jar, Path dataDir, List<String> jvmOptions, Path log, Map<String, String> moreEnv) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(
                List.of("-jar", jar.toString(), "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        // The load comes from one address: lift the per-client rate limits the store applies to buyers.
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "KAMISHOP_ADMIN_TOKEN",
                ADMIN_TOKEN,
                "KAMISHOP_SANDBOX_SECRET",
                SANDBOX_SECRET,
                "KAMISHOP_RATE_ORDERS_PER_MINUTE",
                "100000000",
                "KAMISHOP_RATE_LOOKUP_FAILURES_PER_10_MINUTES",
                "100000000"));
        env.putAll(moreEnv);
        return spawn(command, env, port, "/healthz", log);
    }

    /** Starts the bare Javalin peer serving {@code body} for every GET. */
    static ServerProcess bare(Path bodyFile, String contentType, List<String> jvmOptions, Path log) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                BareServer.class.getName(),
                Integer.toString(port),
                bodyFile.toString(),
                contentType));
        return spawn(command, Map.of(), port, "/", log);
    }

    private static ServerProcess spawn(
            List<String> command, Map<String, String> env, int port, String healthPath, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(500))
                .build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + healthPath))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long started = System.nanoTime();
        Process process = builder.start();
        // Generous: on the shared two-core machine at load 30 a first start took over a minute.
        long deadline = started + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
            }
            // Until the port takes a connection, knock with a bare socket (tens of microseconds when refused): a
            // refused HttpClient request every 3 ms is far dearer, and this JVM shares the two cores with the store
            // it times. A first start read 1,585 ms with HttpClient polling from the start, 1,229 ms with this (one
            // bench run each, quiet host), where a shell driver polling with curl read 1,118-1,261 ms.
            if (!accepts(port)) {
                sleep(3);
                continue;
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    return new ServerProcess(process, port, millis);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(3);
        }
        process.destroyForcibly();
        throw new IllegalStateException("server did not become healthy within 180 s; see " + log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long startupMillis() {
        return startupMillis;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the store has used so far (user + system), in ms, from /proc/PID/stat (clock ticks of 10 ms). */
    long cpuMillis() throws IOException {
        return cpuMillis(process.pid());
    }

    /** CPU time (user + system) process {@code pid} has used so far, in ms. */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th, stime the
        // 13th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** CPU time this benchmark JVM (the load generator) has used so far, in ms. */
    static long ownCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }

    /** Peak resident set size so far, from /proc/PID/status VmHWM, in MiB. */
    double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmHWM for pid " + process.pid());
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the server's shutdown hook closes the database cleanly
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
