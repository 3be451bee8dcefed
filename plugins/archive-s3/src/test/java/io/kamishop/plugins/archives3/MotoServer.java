package io.kamishop.plugins.archives3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * A real S3-compatible server for the tests: moto's {@code moto_server} (Python; {@code pip install "moto[server]"},
 * which {@code .ci/run} does when it is missing), started on a free port of 127.0.0.1 and stopped after the test.
 * Without it a test is skipped on a developer's machine and fails under {@code CI=true}, where a skip would hide
 * that the S3 path was never tried.
 */
public final class MotoServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MotoServer start(Path log) throws IOException, InterruptedException {
        String command = locate();
        if (command == null) {
            String why = "moto_server is not installed (pip install \"moto[server]\")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + ": on CI the S3 archive must be tested, not skipped");
            }
            Assumptions.abort(why);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(command, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        MotoServer server = new MotoServer(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("moto_server stopped: " + Files.readString(log));
            }
            try {
                HttpURLConnection probe = (HttpURLConnection)
                        URI.create(server.endpoint() + "/").toURL().openConnection();
                probe.setConnectTimeout(500);
                if (probe.getResponseCode() > 0) {
                    return server;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        server.close();
        throw new AssertionError("moto_server did not answer within a minute: " + Files.readString(log));
    }

    private static String locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Creates a bucket the way any S3 client would (moto asks no signature of it). */
    public void createBucket(String name) throws IOException {
        HttpURLConnection put =
                (HttpURLConnection) URI.create(endpoint() + "/" + name).toURL().openConnection();
        put.setRequestMethod("PUT");
        put.setDoOutput(true);
        put.getOutputStream().close();
        if (put.getResponseCode() / 100 != 2) {
            throw new IOException("creating bucket " + name + " answered HTTP " + put.getResponseCode());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
