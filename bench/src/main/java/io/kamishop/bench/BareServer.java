package io.kamishop.bench;

import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The render ceiling: a bare Javalin handler that returns fixed bytes, nothing else (no database, no
 * filters). Run as its own process with the same JVM options as the store.
 * Arguments: port, file with the body, content type.
 */
public final class BareServer {

    private BareServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        String contentType = args[2];
        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/", ctx -> ctx.contentType(contentType).result(body));
        app.start("127.0.0.1", port);
    }
}
