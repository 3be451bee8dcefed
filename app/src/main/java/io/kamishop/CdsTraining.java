package io.kamishop;

import io.kamishop.config.AppConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the class-data-sharing archive the launchers ship (docs/performance.md):
 * {@code java <the store's JVM options> -XX:ArchiveClassesAtExit=kamishop.jsa -jar kamishop.jar cds-training}.
 *
 * <p>Java 17 has no automatic archive, so packaging runs this once per jar. It starts a throw-away
 * demo store twice on a temporary data dir (the first start creates the schema, the second is the
 * start of an existing store, the path every restart takes), asks it for a few pages, and stops it.
 * The JVM then writes every class it loaded from the JDK and the jar into the archive, already
 * parsed and verified: later starts map them instead of reading and verifying them again, which was
 * about a third of the start-up time on 2 cores. It reads no environment: the user's database URL
 * or data dir must never be touched by a build step.
 */
final class CdsTraining {

    private static final List<String> PAGES =
            List.of("/healthz", "/", "/api/products", "/admin/login", "/api/openapi.json", "/no-such-page");

    private CdsTraining() {}

    /**
     * Runs the training on a data dir it makes under {@code scratch} and removes again; returns the
     * number of pages that failed (0 when all answered).
     */
    static int run(Path scratch) throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory(scratch, "kamishop-cds-training-");
        try {
            AppConfig config = AppConfig.load(Map.of(), new AppConfig.Flags(dataDir, 0, null, true));
            try (Kamishop fresh = Kamishop.start(config, Clock.systemUTC())) {
                visit(fresh.port());
            }
            try (Kamishop existing = Kamishop.start(config, Clock.systemUTC())) {
                return visit(existing.port());
            }
        } finally {
            deleteTree(dataDir);
        }
    }

    private static int visit(int port) throws IOException, InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int failed = 0;
        for (String page : PAGES) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + page))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                failed++;
            }
        }
        return failed;
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
