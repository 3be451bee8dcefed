package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's numbers and the order actions, over plain HTTP. */
class OrderAndDashboardPagesTest {

    private static final String PASSWORD = "order desk password";

    @Test
    void dashboardShowsTodaysRevenueTheChartAndLowStock() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long productId = store.createProduct("Gift card", 990, "CNY");
            store.importKeys(productId, List.of("G-1", "G-2", "G-3"));
            for (int i = 0; i < 2; i++) {
                String orderNo = store.order(productId, 1).json().get("orderNo").asText();
                assertThat(store.notifySandbox(orderNo, 990, "dash-" + i).status())
                        .isEqualTo(200);
            }
            store.order(productId, 1); // pending: not revenue

            String page = browser.get("/admin").body();
            String today = page.substring(page.indexOf("id=\"today\""), page.indexOf("id=\"month\""));
            assertThat(today).contains("19.80 CNY").contains("2 orders");
            assertThat(page).contains("<svg").contains("<rect");
            String low = page.substring(page.indexOf("id=\"low-stock\""), page.indexOf("id=\"attention\""));
            assertThat(low).contains("Gift card").contains(": 0");
        }
    }

    @Test
    void aDeliveredOrderCanBeMarkedRefundedButAPendingOneCannot() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long productId = store.createProduct("Refundable", 500, "CNY");
            store.importKeys(productId, List.of("F-1", "F-2"));
            String delivered = store.order(productId, 1).json().get("orderNo").asText();
            store.notifySandbox(delivered, 500, "refund-trade");
            String pending = store.order(productId, 1).json().get("orderNo").asText();

            String path = "/admin/orders/" + delivered;
            assertThat(browser.submit(path, path + "/refunded", Map.of("note", "buyer asked"))
                            .status())
                    .isEqualTo(303);
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + delivered)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("refunded");
            assertThat(browser.get(path).body()).contains("buyer asked");

            String pendingPath = "/admin/orders/" + pending;
            AdminClient.Page refused = browser.postForm(
                    pendingPath + "/refunded",
                    Map.of(
                            "_csrf",
                            AdminClient.csrfFrom(browser.get(pendingPath).body())));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + pending)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("pending");

            // Cancelling twice: the second time there is nothing pending to cancel, and nothing changes.
            assertThat(browser.submit(pendingPath, pendingPath + "/cancel", Map.of())
                            .status())
                    .isEqualTo(303);
            AdminClient.Page again = browser.postForm(
                    pendingPath + "/cancel",
                    Map.of(
                            "_csrf",
                            AdminClient.csrfFrom(browser.get(pendingPath).body())));
            assertThat(again.status()).isEqualTo(409);
            assertThat(store.stock(productId).get("available").asLong()).isEqualTo(1);
            assertThat(store.app().admin().audit().recent(20, Long.MAX_VALUE).stream()
                            .map(AdminAudit.Entry::action))
                    .contains("order.refunded", "order.cancel");
        }
    }

    @Test
    void aManualOrderIsDeliveredFromItsPage() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long productId = store.createProduct("Hand made", "manual", Map.of());
            String orderNo = store.order(productId, 1).json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "manual-page");
            String path = "/admin/orders/" + orderNo;
            assertThat(browser.get(path).body()).contains("id=\"deliver-form\"");

            AdminClient.Page empty = browser.postForm(
                    path + "/deliver",
                    Map.of("_csrf", AdminClient.csrfFrom(browser.get(path).body()), "text", ""));
            assertThat(empty.status()).isEqualTo(422);
            assertThat(browser.submit(path, path + "/deliver", Map.of("text", "Your portrait: https://example.com/p/1"))
                            .status())
                    .isEqualTo(303);

            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("delivered");
            assertThat(browser.get(path).body()).doesNotContain("id=\"deliver-form\"");
            assertThat(store.app().admin().audit().recent(20, Long.MAX_VALUE).stream()
                            .map(AdminAudit.Entry::action))
                    .contains("order.deliver");
        }
    }

    @Test
    void orderSearchFindsByEmailFragmentAndFiltersByStatus() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long productId = store.createProduct("Searchable", 100, "CNY");
            store.importKeys(productId, List.of("S-1", "S-2"));
            String paid = store.order(productId, 1).json().get("orderNo").asText();
            store.notifySandbox(paid, 100, "search-trade");
            String pending = store.order(productId, 1).json().get("orderNo").asText();

            assertThat(browser.get("/admin/orders?q=BUYER%40example").body())
                    .contains(paid)
                    .contains(pending);
            String onlyDelivered = browser.get("/admin/orders?status=delivered").body();
            assertThat(onlyDelivered).contains(paid).doesNotContain(pending);
            assertThat(browser.get("/admin/orders?q=100%25").body())
                    .doesNotContain(paid); // % is literal, not a wildcard
            // Both filters at once: each search shape is its own statement (OrderSearchDao).
            assertThat(browser.get("/admin/orders?status=pending&q=BUYER%40example")
                            .body())
                    .contains(pending)
                    .doesNotContain(paid);
            assertThat(browser.get("/admin/orders?status=delivered&q=" + paid).body())
                    .contains(paid)
                    .doesNotContain(pending);
        }
    }

    private static AdminClient signedIn(TestStore store) {
        store.http().adminPostJson("/api/admin/users", Map.of("username", "desk", "password", PASSWORD));
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn("desk", PASSWORD).status()).isEqualTo(303);
        return browser;
    }
}
