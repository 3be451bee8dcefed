package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import io.kamishop.web.ApiDocs;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 21: admin API tokens carry a scope, shown in the token list and enforced on every /api/admin route. */
class AdminTokenScopeTest {

    private static List<ApiDocs.Route> adminRoutes(TestStore store) {
        return store.app().routes().stream()
                .filter(r -> r.path().startsWith("/api/admin"))
                .distinct()
                .toList();
    }

    @Test
    void everyRegisteredAdminRouteBelongsToAnArea() {
        try (TestStore store = TestStore.start()) {
            List<ApiDocs.Route> routes = adminRoutes(store);
            assertThat(routes).hasSizeGreaterThan(40);
            List<String> unclassified = routes.stream()
                    .filter(r -> AdminApiAreas.of(r.path()).isEmpty())
                    .map(ApiDocs.Route::key)
                    .toList();
            assertThat(unclassified).as("add these to AdminApiAreas").isEmpty();
        }
    }

    @Test
    void eachScopedTokenIsRefusedExactlyTheRoutesItsScopeDoesNotCover() {
        try (TestStore store = TestStore.start()) {
            List<String> wrong = new ArrayList<>();
            for (TokenScope scope : List.of(TokenScope.READ_ONLY, TokenScope.CATALOGUE, TokenScope.ORDERS)) {
                Http http = new Http(store.baseUrl(), store.app().adminTokens().create("walk " + scope.id(), scope));
                for (ApiDocs.Route route : adminRoutes(store)) {
                    String path = route.path().replaceAll("[{<][A-Za-z0-9_]+[}>]", "0");
                    HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path))
                            .header("Content-Type", "application/json")
                            .method(
                                    route.method(),
                                    HttpRequest.BodyPublishers.ofString(
                                            route.method().equals("GET") ? "" : "{}"));
                    Http.Answer answer = http.send(request, true);
                    boolean refused = answer.status() == 403 && answer.body().contains("insufficient_scope");
                    boolean permitted = scope.permits(
                            route.method(), AdminApiAreas.of(route.path()).orElseThrow());
                    if (refused == permitted) {
                        wrong.add(scope.id() + " " + route.key() + " -> " + answer.status() + " " + answer.body());
                    }
                    assertThat(answer.status()).as(route.key()).isLessThan(500);
                }
            }
            assertThat(wrong).isEmpty();
        }
    }

    @Test
    void aReadOnlyTokenReadsButChangesNothing() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Scoped", 500, "USD");
            Http readOnly =
                    new Http(store.baseUrl(), store.app().adminTokens().create("dashboard", TokenScope.READ_ONLY));
            assertThat(readOnly.adminGet("/api/admin/products/" + product).status())
                    .isEqualTo(200);
            assertThat(readOnly.adminGet("/api/admin/settings").status()).isEqualTo(200);

            Http.Answer refused = readOnly.adminPutJson("/api/admin/products/" + product, Map.of("name", "Renamed"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("insufficient_scope");
            assertThat(store.http()
                            .adminGet("/api/admin/products/" + product)
                            .json()
                            .path("name")
                            .asText())
                    .isEqualTo("Scoped");
        }
    }

    @Test
    void aCatalogueTokenManagesProductsAndCannotTouchOrdersOrSettings() {
        try (TestStore store = TestStore.start()) {
            Http catalogue =
                    new Http(store.baseUrl(), store.app().adminTokens().create("importer", TokenScope.CATALOGUE));
            Http.Answer created = catalogue.adminPostJson(
                    "/api/admin/products", Map.of("name", "By script", "price", 100, "currency", "USD"));
            assertThat(created.status()).isEqualTo(201);
            long product = created.json().path("id").asLong();
            assertThat(catalogue
                            .adminPostText("/api/admin/products/" + product + "/keys", "K-1\nK-2")
                            .status())
                    .isLessThan(300);

            assertThat(catalogue.adminGet("/api/admin/orders").errorCode()).isEqualTo("insufficient_scope");
            Http.Answer settings = catalogue.adminPutJson("/api/admin/settings", Map.of("storeName", "Hijacked"));
            assertThat(settings.status()).isEqualTo(403);
            assertThat(settings.errorCode()).isEqualTo("insufficient_scope");
            assertThat(catalogue
                            .adminPostJson(
                                    "/api/admin/users", Map.of("username", "eve", "password", "correct horse battery"))
                            .errorCode())
                    .isEqualTo("insufficient_scope");
        }
    }

    @Test
    void anOrdersTokenActsOnOrdersAndCannotChangeTheCatalogue() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Shipped", 500, "USD");
            Http orders = new Http(store.baseUrl(), store.app().adminTokens().create("fulfilment", TokenScope.ORDERS));
            assertThat(orders.adminGet("/api/admin/orders").status()).isEqualTo(200);
            assertThat(orders.adminGet("/api/admin/refunds").status()).isEqualTo(200);
            Http.Answer keys = orders.adminPostText("/api/admin/products/" + product + "/keys", "K-1");
            assertThat(keys.status()).isEqualTo(403);
            assertThat(keys.errorCode()).isEqualTo("insufficient_scope");
            assertThat(store.stock(product).toString()).doesNotContain("\"available\":1");
        }
    }

    @Test
    void theBootstrapTokenAndTokensMadeBeforeScopesAreFull() {
        try (TestStore store = TestStore.start()) {
            assertThat(store.app().adminTokens().list())
                    .extracting(AdminTokens.Listed::scope)
                    .containsOnly(TokenScope.FULL);
            assertThat(store.http()
                            .adminPutJson("/api/admin/settings", Map.of())
                            .status())
                    .isNotEqualTo(403);
            assertThat(store.http().adminGet("/api/admin/users").status()).isEqualTo(200);
        }
    }

    @Test
    void theTokenPageCreatesATokenOfTheChosenScopeAndListsEachTokensScope() {
        try (TestStore store = TestStore.start()) {
            String password = "a long enough password 21";
            store.http().adminPostJson("/api/admin/users", Map.of("username", "keeper", "password", password));
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("keeper", password).status()).isEqualTo(303);
            String form = browser.get("/admin/tokens").body();
            assertThat(form)
                    .contains(
                            "name=\"scope\"",
                            "value=\"read-only\"",
                            "value=\"catalogue\"",
                            "value=\"orders\"",
                            "value=\"full\"");

            String page = browser.submit(
                            "/admin/tokens", "/admin/tokens", Map.of("name", "stock sync", "scope", "catalogue"))
                    .body();
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("id=\"token-value\">([^<]+)<")
                    .matcher(page);
            assertThat(token.find()).isTrue();
            assertThat(page).contains("Catalogue (products, keys, coupons, pricing)", "Full (everything");
            Http made = new Http(store.baseUrl(), token.group(1));
            assertThat(made.adminGet("/api/admin/products").status()).isEqualTo(200);
            assertThat(made.adminGet("/api/admin/settings").errorCode()).isEqualTo("insufficient_scope");

            assertThat(browser.submit("/admin/tokens", "/admin/tokens", Map.of("name", "odd", "scope", "root"))
                            .status())
                    .isEqualTo(422);
            assertThat(store.app().adminTokens().list())
                    .extracting(AdminTokens.Listed::name)
                    .doesNotContain("odd");
        }
    }
}
