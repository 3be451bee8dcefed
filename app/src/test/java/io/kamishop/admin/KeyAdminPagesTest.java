package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key stock in the admin: paste import with its report, export of unsold keys (audited), removal. */
class KeyAdminPagesTest {

    private static final String PASSWORD = "stock keeper pw";

    @Test
    void pasteImportReportsImportedDuplicatesAndRejectedLines() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long productId = store.createProduct("Paste", 100, "CNY");
            String page = browser.submit(
                            "/admin/products/" + productId,
                            "/admin/products/" + productId + "/keys",
                            Map.of("keys", "A-1\nA-2\nA-1\n\nbad\u0007key\n"))
                    .body();
            assertThat(page)
                    .contains("id=\"report-imported\">2<")
                    .contains("id=\"report-duplicates\">1<")
                    .contains("id=\"report-rejected\">1<")
                    .contains("contains a control character");
            assertThat(store.stock(productId).get("available").asLong()).isEqualTo(2);
        }
    }

    @Test
    void exportGivesOnlyUnsoldKeysAndIsAudited() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long productId = store.createProduct("Export", 100, "CNY");
            store.importKeys(productId, List.of("E-1", "E-2", "E-3"));
            String held = store.order(productId, 1).json().get("orderNo").asText();
            assertThat(held).isNotBlank();

            AdminClient.Page export = browser.submit(
                    "/admin/products/" + productId, "/admin/products/" + productId + "/keys/export", Map.of());
            assertThat(export.status()).isEqualTo(200);
            assertThat(export.header("Content-Disposition")).contains("attachment");
            assertThat(export.body().lines().toList())
                    .containsExactly("E-2", "E-3"); // E-1 is held by the pending order
            assertThat(store.app().admin().audit().recent(10, Long.MAX_VALUE))
                    .anyMatch(e -> e.action().equals("keys.export")
                            && e.actor().equals("user:stock")
                            && e.detail().contains("2 unsold"));
        }
    }

    @Test
    void removingUnsoldKeysNeedsConfirmationAndLeavesHeldKeys() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long productId = store.createProduct("Remove", 100, "CNY");
            store.importKeys(productId, List.of("R-1", "R-2", "R-3"));
            store.order(productId, 1);
            String path = "/admin/products/" + productId;

            browser.submit(path, path + "/keys/remove-unsold", Map.of("confirm", "yes"));
            assertThat(store.stock(productId).get("available").asLong()).isEqualTo(2);
            assertThat(browser.submit(path, path + "/keys/remove-unsold", Map.of("confirm", "REMOVE"))
                            .status())
                    .isEqualTo(303);
            assertThat(store.stock(productId).get("available").asLong()).isZero();
            assertThat(store.stock(productId).get("reserved").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aProductOfAKindIsCreatedFromTheProductsPageAndShowsItsKind() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            Map<String, String> form = Map.of(
                    "name",
                    "Loop key",
                    "price",
                    "5.00",
                    "currency",
                    "CNY",
                    "active",
                    "true",
                    "kind",
                    "shared",
                    "maxUses",
                    "25");
            AdminClient.Page created = browser.submit("/admin/products", "/admin/products", form);
            Map<String, String> bad =
                    Map.of("name", "Bad", "price", "5.00", "currency", "CNY", "kind", "shared", "maxUses", "lots");
            AdminClient.Page refused = browser.submit("/admin/products", "/admin/products", bad);

            assertThat(created.status()).isEqualTo(303);
            var product = store.http().adminGet("/api/admin/products").json().get(0);
            assertThat(product.get("kind").asText()).isEqualTo("shared");
            assertThat(product.get("maxUses").asLong()).isEqualTo(25);
            assertThat(browser.get("/admin/products/" + product.get("id").asLong())
                            .body())
                    .contains("id=\"product-kind\">Shared key<");
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("id=\"error-maxUses\"");
            assertThat(store.http().adminGet("/api/admin/products").json()).hasSize(1);
        }
    }

    private static AdminClient signedIn(TestStore store) {
        store.http().adminPostJson("/api/admin/users", Map.of("username", "stock", "password", PASSWORD));
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn("stock", PASSWORD).status()).isEqualTo(303);
        return browser;
    }
}
