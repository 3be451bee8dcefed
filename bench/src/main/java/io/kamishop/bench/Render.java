package io.kamishop.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests per second of one GET URL. Uses wrk (Debian package) when it is installed: a C load
 * generator leaves the 2 cores to the server. Otherwise a closed loop of Java HttpClient threads;
 * both servers of a ratio are always measured with the same generator.
 */
final class Render {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:.*");

    private Render() {}

    static String generator() {
        return wrkAvailable() ? "wrk" : "java-httpclient";
    }

    static boolean wrkAvailable() {
        try {
            Process p = new ProcessBuilder("wrk", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static double requestsPerSecond(String url, int seconds, int connections) throws IOException, InterruptedException {
        return wrkAvailable() ? wrk(url, seconds, connections) : java(url, seconds, connections);
    }

    private static double wrk(String url, int seconds, int connections) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", url)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            throw new IllegalStateException("wrk saw " + non2xx.group(1) + " error answers from " + url + ":\n" + out);
        }
        Matcher errors = SOCKET_ERRORS.matcher(out);
        if (errors.find()) {
            System.err.println("  wrk: " + errors.group());
        }
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IllegalStateException("wrk output without Requests/sec:\n" + out);
        }
        return Double.parseDouble(rps.group(1));
    }

    private static double java(String url, int seconds, int connections) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2, Api.daemon("render-client")))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(connections, Api.daemon("render"));
        long started = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            pool.execute(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        if (client.send(request, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200) {
                            done.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " failed requests to " + url);
        }
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }
}
