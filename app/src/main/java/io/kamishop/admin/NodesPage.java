package io.kamishop.admin;

import io.javalin.Javalin;
import io.kamishop.cluster.Nodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code /admin/nodes}: the nodes serving the store and which of them runs the sweepers. */
final class NodesPage {

    private NodesPage() {
    }

    static void register(Javalin app, AdminWeb web, Nodes nodes) {
        app.get("/admin/nodes", ctx -> {
            List<Map<String, Object>> rows = nodes.list().stream().map(NodesPage::row).toList();
            web.page(ctx, "nodes", Map.of("nodes", rows));
        });
    }

    private static Map<String, Object> row(Nodes.Node node) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", node.id());
        row.put("version", node.version());
        row.put("startedAt", node.startedAt().toEpochMilli());
        row.put("lastSeen", node.lastSeen().toEpochMilli());
        row.put("alive", node.alive());
        row.put("leader", node.leader());
        row.put("thisNode", node.thisNode());
        row.put("pool", node.pool());
        row.put("busLagMillis", node.busLagMillis());
        return row;
    }
}
