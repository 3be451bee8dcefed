package io.kamishop.cluster;

import io.javalin.Javalin;

/** {@code GET /api/admin/nodes}: the store's nodes, which one leads the sweepers, their pools and bus delay. */
public final class NodeRoutes {

    private NodeRoutes() {}

    public static void register(Javalin app, Nodes nodes) {
        app.get("/api/admin/nodes", ctx -> ctx.json(nodes.list()));
    }
}
