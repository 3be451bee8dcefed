package io.kamishop.cluster;

import io.javalin.router.JavalinDefaultRoutingApi;

/** {@code GET /api/admin/nodes}: the store's nodes, which one leads the sweepers, their pools and bus delay. */
public final class NodeRoutes {

    private NodeRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, Nodes nodes) {
        routes.get("/api/admin/nodes", ctx -> ctx.json(nodes.list()));
    }
}
