package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Refunds from the admin's pages go through the same use case as the API: partial, full, by hand, listed with states. */
class RefundPagesTest {

    private static final String PASSWORD = "refund desk password";

    @Test
    void theOrderPageRefundsPartlyThenInFullAndTheRefundsPageListsBoth() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long product = store.createProduct("Refundable", 1000, "CNY");
            store.importKeys(product, List.of("R-1"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "page-trade");
            String path = "/admin/orders/" + orderNo;
            assertThat(browser.get(path).body()).contains("id=\"refund-form\"").contains("page-trade");

            AdminClient.Page partly = browser.submit(
                    path,
                    path + "/refund",
                    Map.of("tradeNo", "page-trade", "amount", "2.50", "reason", "scratched box"));
            assertThat(partly.status()).isEqualTo(303);
            assertThat(partly.header("Location")).endsWith("ok=refund_succeeded");
            AdminClient.Page tooMuch = browser.submit(
                    path, path + "/refund", Map.of("tradeNo", "page-trade", "amount", "9.00", "reason", "too much"));
            assertThat(tooMuch.status()).as("the API's refusal, on the page").isEqualTo(409);
            assertThat(tooMuch.body()).contains("750");
            AdminClient.Page malformed =
                    browser.submit(path, path + "/refund", Map.of("amount", "lots", "reason", "x"));
            assertThat(malformed.status()).isEqualTo(422);
            JsonNode order =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(order.get("status").asText()).isEqualTo("delivered");
            assertThat(order.get("refunds")).hasSize(1);
            assertThat(order.get("refunds").get(0).get("amount").asLong()).isEqualTo(250);

            assertThat(browser.submit(path, path + "/refund", Map.of("reason", "returned"))
                            .status())
                    .isEqualTo(303);

            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("refunded");
            String list = browser.get("/admin/refunds").body();
            assertThat(list)
                    .contains("scratched box")
                    .contains("returned")
                    .contains("2.50 CNY")
                    .contains("7.50 CNY");
            assertThat(browser.get("/admin/refunds?status=pending").body()).doesNotContain("scratched box");
            assertThat(browser.get(path).body())
                    .contains("id=\"order-refunds\"")
                    .doesNotContain("id=\"refund-form\"");
        }
    }

    @Test
    void markRefundedRecordsAManualRefundThroughTheRefundService() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long product = store.createProduct("Refundable", 500, "CNY");
            store.importKeys(product, List.of("H-1"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            store.notifySandbox(orderNo, 500, "hand-trade");
            String path = "/admin/orders/" + orderNo;

            assertThat(browser.submit(path, path + "/refunded", Map.of("note", "cash back"))
                            .status())
                    .isEqualTo(303);

            JsonNode order =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(order.get("status").asText()).isEqualTo("refunded");
            assertThat(order.get("refunds")).hasSize(1);
            assertThat(order.get("refunds").get(0).get("status").asText()).isEqualTo("manual");
            assertThat(order.get("refunds").get(0).get("reason").asText()).isEqualTo("cash back");
            assertThat(store.http()
                            .adminPostJson(
                                    "/api/admin/orders/" + orderNo + "/refund", Map.of("amount", 1, "reason", "again"))
                            .errorCode())
                    .isEqualTo("over_refund");
        }
    }

    @Test
    void theRefundPagesSpeakChinese() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            long product = store.createProduct("Refundable", 500, "CNY");
            store.importKeys(product, List.of("Z-1"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            store.notifySandbox(orderNo, 500, "zh-trade");
            store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "退货"));

            String list = browser.get("/admin/refunds?lang=zh-CN").body();

            assertThat(list).contains("退款").contains("已退款");
        }
    }

    @Test
    void theAutomaticRefundPolicyIsSetOnTheSettingsPage() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            assertThat(browser.get("/admin/settings").body())
                    .contains("autoRefundDuplicatePayments")
                    .contains("Refund second payments automatically");
            assertThat(browser.get("/admin/settings?lang=zh-CN").body()).contains("自动退还重复付款");

            assertThat(browser.submit(
                                    "/admin/settings",
                                    "/admin/settings",
                                    Map.of("autoRefundDuplicatePayments", "true", "autoRefundDelayMinutes", "5"))
                            .status())
                    .isEqualTo(303);
            assertThat(browser.submit("/admin/settings", "/admin/settings", Map.of("autoRefundLatePayments", "maybe"))
                            .status())
                    .isEqualTo(422);

            JsonNode settings = store.http().adminGet("/api/admin/settings").json();
            assertThat(settings.get("autoRefundDuplicatePayments").asBoolean()).isTrue();
            assertThat(settings.get("autoRefundLatePayments").asBoolean()).isFalse();
            assertThat(settings.get("autoRefundDelayMinutes").asInt()).isEqualTo(5);
        }
    }

    private static AdminClient signedIn(TestStore store) {
        store.http().adminPostJson("/api/admin/users", Map.of("username", "desk", "password", PASSWORD));
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn("desk", PASSWORD).status()).isEqualTo(303);
        return browser;
    }
}
