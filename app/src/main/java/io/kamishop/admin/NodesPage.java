package io.kamishop.admin;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.archive.OrderArchive;
import io.kamishop.cluster.Nodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code /admin/nodes}: the nodes serving the store, which of them runs the sweepers, and the order archive's tiers. */
final class NodesPage {

    private NodesPage() {}

    static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, Nodes nodes, OrderArchive archive) {
        routes.get("/admin/nodes", ctx -> {
            List<Map<String, Object>> rows =
                    nodes.list().stream().map(NodesPage::row).toList();
            OrderArchive.Sizes sizes = archive.sizes();
            List<Map<String, Object>> tiers = List.of(
                    tier("hot", sizes.hotOrders(), sizes.hotBytes()),
                    tier("warm", sizes.warmOrders(), sizes.warmBytes()),
                    tier("cold", sizes.coldOrders(), sizes.coldBytes()));
            web.page(ctx, "nodes", Map.of("nodes", rows, "tiers", tiers, "coldStore", sizes.coldStore()));
        });
    }

    private static Map<String, Object> tier(String name, long orders, @Nullable Long bytes) {
        Map<String, Object> tier = new HashMap<>();
        tier.put("name", name);
        tier.put("orders", orders);
        tier.put("bytes", bytes == null ? null : String.format(java.util.Locale.ROOT, "%,d", bytes));
        return tier;
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
