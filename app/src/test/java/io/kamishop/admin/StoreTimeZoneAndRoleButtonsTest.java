package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's time zone setting drives the admin's days; pages draw only the buttons a role may use. */
class StoreTimeZoneAndRoleButtonsTest {

    private static final String PASSWORD = "zone and buttons password";

    static AdminClient signIn(TestStore store, String name, String role) {
        Http.Answer created = store.http()
                .adminPostJson("/api/admin/users", Map.of("username", name, "password", PASSWORD, "role", role));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("role").asText()).isEqualTo(role);
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn(name, PASSWORD).status()).isEqualTo(303);
        return browser;
    }

    @Test
    void theStoreTimeZoneIsChosenFromAListAndUsedByReports() {
        try (TestStore store = TestStore.start()) {
            AdminClient owner = signIn(store, "boss", "owner");
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("timeZone")
                            .asText())
                    .isEqualTo(java.time.ZoneId.systemDefault().getId());
            String form = owner.get("/admin/settings").body();
            assertThat(form).contains("<select id=\"timeZone\"").contains("<option value=\"Asia/Shanghai\"");

            Http.Answer refused =
                    store.http().adminPutJson("/api/admin/settings", Map.of("timeZone", "Mars/Olympus_Mons"));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("timeZone")
                            .asText())
                    .isEqualTo(java.time.ZoneId.systemDefault().getId());

            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of("timeZone", "Pacific/Kiritimati"))
                            .status())
                    .isEqualTo(200);
            assertThat(store.http()
                            .adminGet("/api/admin/reports/sales?groupBy=day")
                            .json()
                            .get("zone")
                            .asText())
                    .isEqualTo("Pacific/Kiritimati");
            assertThat(owner.get("/admin/reports").body()).contains("Pacific/Kiritimati");
        }
    }

    @Test
    void aRoleSeesOnlyTheButtonsItMayUseAndTheServerStillRefusesTheRest() {
        try (TestStore store = TestStore.start()) {
            long productId = store.createProduct("Buttons game", 500, "CNY");
            store.importKeys(productId, List.of("BTN-1"));
            AdminClient owner = signIn(store, "boss", "owner");
            String ownerView = owner.get("/admin/products/" + productId).body();
            assertThat(ownerView)
                    .contains(
                            "id=\"toggle-visibility\"",
                            "id=\"paste-import\"",
                            "id=\"remove-unsold\"",
                            "id=\"save-product\"");

            String operatorView = signIn(store, "op", "operator")
                    .get("/admin/products/" + productId)
                    .body();
            assertThat(operatorView).contains("id=\"toggle-visibility\"", "id=\"paste-import\"");

            for (String role : List.of("support", "viewer")) {
                AdminClient staff = signIn(store, "staff-" + role, role);
                String view = staff.get("/admin/products/" + productId).body();
                assertThat(view)
                        .as(role)
                        .doesNotContain(
                                "id=\"toggle-visibility\"",
                                "id=\"paste-import\"",
                                "id=\"remove-unsold\"",
                                "id=\"save-product\"",
                                "id=\"upload-image\"");
                assertThat(staff.get("/admin/coupons").body()).as(role).doesNotContain("id=\"create-coupon\"");
                assertThat(staff.get("/admin/products").body()).as(role).doesNotContain("id=\"create-product\"");
                // Not drawn, and still refused when sent anyway.
                assertThat(staff.submit(
                                        "/admin/account",
                                        "/admin/products/" + productId + "/visibility",
                                        Map.of("to", "hide"))
                                .status())
                        .as(role)
                        .isEqualTo(403);
            }
            // Nothing changed: the product is still shown to buyers.
            assertThat(store.http()
                            .adminGet("/api/admin/products/" + productId)
                            .json()
                            .get("active")
                            .asBoolean())
                    .isTrue();
        }
    }
}
