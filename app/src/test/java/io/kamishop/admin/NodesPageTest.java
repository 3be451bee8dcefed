package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin's nodes page, in both languages: on SQLite one node, this one, leading the sweepers. */
class NodesPageTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void theNodesPageListsThisNodeAsTheSweeperLeaderAndTheArchiveTiersInBothLanguages() {
        try (TestStore store = TestStore.start()) {
            Http.Answer created =
                    store.http().adminPostJson("/api/admin/users", Map.of("username", "ops", "password", PASSWORD));
            assertThat(created.status()).isEqualTo(201);
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("ops", PASSWORD).status()).isEqualTo(303);
            String id = store.app().cluster().nodes().id();

            AdminClient.Page english = browser.get("/admin/nodes?lang=en");
            AdminClient.Page chinese = browser.get("/admin/nodes?lang=zh-CN");

            assertThat(english.status()).isEqualTo(200);
            assertThat(english.body())
                    .contains("data-node=\"" + id + "\"", "class=\"node leader\"", "this node", ">leader<", "alive");
            assertThat(chinese.status()).isEqualTo(200);
            assertThat(chinese.body()).contains("data-node=\"" + id + "\"", "本节点", ">主节点<", "节点");
            assertThat(store.http()
                            .adminGet("/api/admin/nodes")
                            .json()
                            .get(0)
                            .path("leader")
                            .asBoolean())
                    .isTrue();
            // The order archive's tiers, with the hot count of this empty store.
            assertThat(english.body())
                    .contains(
                            "Order archive",
                            "data-tier=\"hot\"",
                            "data-tier=\"warm\"",
                            "data-tier=\"cold\"",
                            "Warm (archived)",
                            "<td class=\"orders\">0</td>");
            assertThat(chinese.body()).contains("订单归档", "温（已归档）", "冷（分段文件）");
            AdminClient.Page archived = browser.get("/admin/archive?q=nothing&lang=zh-CN");
            assertThat(archived.status()).isEqualTo(200);
            assertThat(archived.body()).contains("已归档的订单", "id=\"archived-orders\"");
        }
    }
}
