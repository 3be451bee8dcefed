package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Staff roles: each role against a representative route of each area, through the admin API with a
 * signed-in session and through the admin pages. A refused call answers 403 and changes nothing; an
 * allowed one reaches its route (whatever the route then says). The expectations are written out here
 * by hand, not derived from {@link StaffRole}, so a change to the policy has to change this table.
 */
class StaffRolesTest {

    private static final String PASSWORD = "staff roles password";

    /** What each role may do: "area:r" reads, "area:w" changes. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "owner",
                    Set.of(
                            "catalogue:r",
                            "catalogue:w",
                            "keys:r",
                            "keys:w",
                            "orders:r",
                            "orders:w",
                            "mail:r",
                            "mail:w",
                            "refunds:r",
                            "refunds:w",
                            "reports:r",
                            "account:r",
                            "administration:r",
                            "administration:w"),
            "operator",
                    Set.of(
                            "catalogue:r",
                            "catalogue:w",
                            "keys:r",
                            "keys:w",
                            "orders:r",
                            "orders:w",
                            "mail:r",
                            "mail:w",
                            "refunds:r",
                            "refunds:w",
                            "reports:r",
                            "account:r"),
            "support", Set.of("catalogue:r", "orders:r", "mail:r", "mail:w", "refunds:r", "reports:r", "account:r"),
            "viewer", Set.of("catalogue:r", "keys:r", "orders:r", "mail:r", "refunds:r", "reports:r", "account:r"));

    /** One call: its area and kind, how to make it, and the state a refusal must leave as it was. */
    private record Probe(String grant, String method, String path, String body, boolean page, Supplier<String> state) {}

    private record Shop(long product, String orderNo, long ownerId) {}

    private static Shop shop(TestStore store) {
        Http.Answer boss =
                store.http().adminPostJson("/api/admin/users", Map.of("username", "boss", "password", PASSWORD));
        assertThat(boss.status()).as(boss.body()).isEqualTo(201);
        assertThat(boss.json().get("role").asText()).isEqualTo("owner");
        long product = store.createProduct("Role goods", 500, "CNY");
        store.importKeys(product, List.of("R-1", "R-2", "R-3"));
        Http.Answer placed = store.order(product, 1);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderNo = placed.json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, 500, "role-trade").status()).isEqualTo(200);
        return new Shop(product, orderNo, boss.json().get("id").asLong());
    }

    private static List<Probe> probes(TestStore store, Shop shop) {
        Http admin = store.http();
        Supplier<String> product =
                () -> admin.adminGet("/api/admin/products/" + shop.product()).body();
        Supplier<String> stock = () -> admin.adminGet("/api/admin/products/" + shop.product() + "/stock")
                .body();
        Supplier<String> order =
                () -> admin.adminGet("/api/admin/orders/" + shop.orderNo()).body();
        Supplier<String> outbox = () -> admin.adminGet("/api/admin/mail/outbox").body();
        Supplier<String> settings = () -> admin.adminGet("/api/admin/settings").body();
        Supplier<String> users = () -> admin.adminGet("/api/admin/users").body();
        Supplier<String> none = () -> "";
        String o = "/api/admin/orders/" + shop.orderNo();
        String p = "/api/admin/products/" + shop.product();
        return List.of(
                // the API, with the session cookie
                new Probe("catalogue:r", "GET", p, null, false, none),
                new Probe("catalogue:w", "PUT", p, "{\"name\": \"\"}", false, product),
                new Probe("keys:r", "GET", p + "/keys", null, false, none),
                new Probe("keys:w", "DELETE", p + "/keys/999999", null, false, stock),
                new Probe("orders:r", "GET", o, null, false, none),
                new Probe("orders:r", "GET", "/api/admin/orders.csv", null, false, none),
                new Probe("orders:w", "POST", o + "/approve", "{}", false, order),
                new Probe("mail:w", "POST", "/api/admin/mail/outbox/999999/retry", "{}", false, outbox),
                new Probe("refunds:r", "GET", "/api/admin/refunds", null, false, none),
                new Probe("refunds:w", "POST", o + "/refund", "{\"reason\": \"probe\", \"amount\": -1}", false, order),
                new Probe("administration:r", "GET", "/api/admin/settings", null, false, none),
                new Probe(
                        "administration:w",
                        "PUT",
                        "/api/admin/settings",
                        "{\"orderHoldMinutes\": -5}",
                        false,
                        settings),
                new Probe(
                        "administration:w",
                        "PUT",
                        "/api/admin/users/" + shop.ownerId(),
                        "{\"role\": \"viewer\"}",
                        false,
                        users),
                // the pages, with the session cookie and the form's CSRF token
                new Probe("reports:r", "GET", "/admin", null, true, none),
                new Probe("account:r", "GET", "/admin/account", null, true, none),
                new Probe("catalogue:r", "GET", "/admin/products", null, true, none),
                new Probe("keys:r", "GET", "/admin/products/" + shop.product() + "/keys", null, true, none),
                new Probe(
                        "keys:w", "POST", "/admin/products/" + shop.product() + "/keys/999999/delete", "", true, stock),
                new Probe("orders:r", "GET", "/admin/orders/" + shop.orderNo(), null, true, none),
                new Probe("mail:w", "POST", "/admin/orders/" + shop.orderNo() + "/resend-email", "", true, outbox),
                new Probe(
                        "refunds:w",
                        "POST",
                        "/admin/orders/" + shop.orderNo() + "/refund",
                        "reason=probe&amount=-1",
                        true,
                        order),
                new Probe("administration:r", "GET", "/admin/settings", null, true, none),
                new Probe(
                        "administration:w",
                        "POST",
                        "/admin/users/" + shop.ownerId() + "/role",
                        "role=viewer",
                        true,
                        users));
    }

    private static AdminClient signIn(TestStore store, String name, String role) {
        Http.Answer created = store.http()
                .adminPostJson("/api/admin/users", Map.of("username", name, "password", PASSWORD, "role", role));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("role").asText()).isEqualTo(role);
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn(name, PASSWORD).status()).isEqualTo(303);
        return browser;
    }

    private static AdminClient.Page call(TestStore store, AdminClient browser, String csrf, Probe probe) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(store.baseUrl() + probe.path()));
        if (probe.method().equals("GET")) {
            return browser.send(request.GET());
        }
        request.header("X-CSRF-Token", csrf)
                .header("Content-Type", probe.page() ? "application/x-www-form-urlencoded" : "application/json");
        if (probe.page()) {
            request.header("Accept", "text/html");
        }
        return browser.send(request.method(
                probe.method(),
                probe.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(probe.body())));
    }

    @Test
    void eachRoleIsRefusedExactlyOutsideItsAreasThroughTheApiAndThePages() {
        try (TestStore store = TestStore.start()) {
            Shop shop = shop(store);
            List<String> problems = new ArrayList<>();
            for (String role : List.of("owner", "operator", "support", "viewer")) {
                AdminClient browser = signIn(store, "as-" + role, role);
                String csrf = AdminClient.csrfFrom(browser.get("/admin/account").body());
                for (Probe probe : probes(store, shop)) {
                    String before = probe.state().get();
                    AdminClient.Page answer = call(store, browser, csrf, probe);
                    boolean allowed = ALLOWED.get(role).contains(probe.grant());
                    String what = role + " " + probe.method() + " " + probe.path() + " -> " + answer.status();
                    if (allowed && (answer.status() == 403 || answer.status() == 401)) {
                        problems.add(what + " (should be allowed): " + answer.body());
                    }
                    if (!allowed && answer.status() != 403) {
                        problems.add(what + " (should be 403)");
                    }
                    if (!allowed && !probe.state().get().equals(before)) {
                        problems.add(what + " changed the state it was refused");
                    }
                }
            }
            assertThat(problems).isEmpty();
        }
    }

    /**
     * Every documented admin API route ({@code openapi/routes.txt}, which {@code OpenApiTest} keeps equal to the
     * server's routes), called as each role with made-up ids and an empty body: a role outside the route's area
     * gets 403, a role inside it reaches the route (it may then say 404 or 422, never 401, 403 or a 5xx). So a
     * route added without an area, or under the wrong one, fails here, not in production.
     */
    @Test
    void everyAdminApiRouteAnswersEachRoleByItsArea() throws java.io.IOException {
        List<String[]> routes = new ArrayList<>();
        try (var in = StaffRolesTest.class.getResourceAsStream("/openapi/routes.txt")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String[] route = line.split("\\|")[0].trim().split(" ");
                if (route.length == 2 && route[1].startsWith("/api/admin")) {
                    routes.add(route);
                }
            }
        }
        assertThat(routes).hasSizeGreaterThan(80);
        try (TestStore store = TestStore.start()) {
            shop(store);
            List<String> problems = new ArrayList<>();
            // The owner last: a route it may use with a made-up id still must not change what the others are asked.
            for (String role : List.of("viewer", "support", "operator", "owner")) {
                AdminClient browser = signIn(store, "sweep-" + role, role);
                String csrf = AdminClient.csrfFrom(browser.get("/admin/account").body());
                for (String[] route : routes) {
                    String method = route[0];
                    String path = route[1].replace("{action}", "approve")
                            .replaceAll("\\{(id|keyId)\\}", "999999")
                            .replaceAll("\\{[^}]+\\}", "nope");
                    var area = AdminApiAreas.of(path);
                    if (area.isEmpty()) {
                        problems.add(method + " " + route[1] + " has no area");
                        continue;
                    }
                    String grant =
                            area.get().name().toLowerCase(java.util.Locale.ROOT) + (method.equals("GET") ? ":r" : ":w");
                    boolean allowed = ALLOWED.get(role).contains(grant);
                    AdminClient.Page answer = call(
                            store,
                            browser,
                            csrf,
                            new Probe(grant, method, path, method.equals("GET") ? null : "{}", false, () -> ""));
                    String what = role + " " + method + " " + path + " (" + grant + ") -> " + answer.status();
                    if (allowed && (answer.status() == 401 || answer.status() == 403)) {
                        problems.add(what + ", should be allowed: " + answer.body());
                    } else if (!allowed && answer.status() != 403) {
                        problems.add(what + ", should be 403");
                    } else if (answer.status() >= 500) {
                        problems.add(what + ": " + answer.body());
                    }
                }
            }
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void aRefusedApiCallSaysWhyInTheContractsShape() {
        try (TestStore store = TestStore.start()) {
            Shop shop = shop(store);
            AdminClient support = signIn(store, "helpdesk", "support");
            AdminClient.Page keys = support.get("/api/admin/products/" + shop.product() + "/keys");
            assertThat(keys.status()).isEqualTo(403);
            assertThat(keys.body())
                    .contains("\"insufficient_scope\"")
                    .contains("support")
                    .contains("keys");
            // The page says it in the admin's language.
            AdminClient.Page page = support.get("/admin/products/" + shop.product() + "/keys?lang=zh-CN");
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.body()).contains("您的角色不允许此操作");
        }
    }

    @Test
    void theLastOwnerCannotBeDemotedOrDeletedAndEveryRoleChangeIsAudited() {
        try (TestStore store = TestStore.start()) {
            Shop shop = shop(store);
            Http admin = store.http();
            Http.Answer demote = admin.adminPutJson("/api/admin/users/" + shop.ownerId(), Map.of("role", "operator"));
            assertThat(demote.status()).isEqualTo(409);
            assertThat(demote.errorCode()).isEqualTo("last_owner");
            Http.Answer delete = admin.send(
                    HttpRequest.newBuilder(admin.uri("/api/admin/users/" + shop.ownerId()))
                            .DELETE(),
                    true);
            assertThat(delete.status()).isEqualTo(409);
            assertThat(delete.errorCode()).isEqualTo("last_owner");
            assertThat(role(store, "boss")).isEqualTo("owner");

            // The owner's page says the same and changes nothing.
            AdminClient boss = new AdminClient(store.baseUrl());
            assertThat(boss.signIn("boss", PASSWORD).status()).isEqualTo(303);
            AdminClient.Page own =
                    boss.submit("/admin/users", "/admin/users/" + shop.ownerId() + "/role", Map.of("role", "viewer"));
            assertThat(own.status()).isEqualTo(409);
            assertThat(role(store, "boss")).isEqualTo("owner");

            // With a second owner, the first may step down, through the page (the contract's "staff" is an operator).
            Http.Answer second = admin.adminPostJson(
                    "/api/admin/users", Map.of("username", "heir", "password", PASSWORD, "role", "owner"));
            assertThat(second.status()).isEqualTo(201);
            AdminClient.Page stepDown =
                    boss.submit("/admin/users", "/admin/users/" + shop.ownerId() + "/role", Map.of("role", "staff"));
            assertThat(stepDown.status()).isEqualTo(303);
            assertThat(role(store, "boss")).isEqualTo("operator");
            // ... and is at once refused the users page.
            assertThat(boss.get("/admin/users").status()).isEqualTo(403);
            // The heir is now the last owner.
            long heir = second.json().get("id").asLong();
            assertThat(admin.adminPutJson("/api/admin/users/" + heir, Map.of("role", "viewer"))
                            .status())
                    .isEqualTo(409);
            assertThat(admin.adminPutJson("/api/admin/users/" + heir, Map.of("role", "boss"))
                            .errorCode())
                    .isEqualTo("invalid_user");

            assertThat(store.app().admin().audit().recent(50, Long.MAX_VALUE))
                    .anyMatch(e -> e.action().equals("user.role")
                            && e.actor().equals("user:boss")
                            && e.detail().equals("boss: owner -> operator"));
            // An operator removed: gone, and signed out.
            Http.Answer gone = admin.send(
                    HttpRequest.newBuilder(admin.uri("/api/admin/users/" + shop.ownerId()))
                            .DELETE(),
                    true);
            assertThat(gone.status()).isEqualTo(204);
            assertThat(boss.get("/admin").status()).isEqualTo(303);
            assertThat(store.app().admin().audit().recent(50, Long.MAX_VALUE))
                    .anyMatch(
                            e -> e.action().equals("user.delete") && e.detail().equals("boss (operator)"));
        }
    }

    @Test
    void theUsersPageOffersTheRolesInBothLanguages() {
        try (TestStore store = TestStore.start()) {
            shop(store);
            AdminClient boss = new AdminClient(store.baseUrl());
            assertThat(boss.signIn("boss", PASSWORD).status()).isEqualTo(303);
            assertThat(boss.get("/admin/users").body()).contains("Operator (").contains("value=\"support\"");
            assertThat(boss.get("/admin/users?lang=zh-CN").body())
                    .contains("客服")
                    .contains("角色");
            AdminClient.Page created = boss.submit(
                    "/admin/users",
                    "/admin/users",
                    Map.of("username", "reader", "password", PASSWORD, "role", "viewer"));
            assertThat(created.status()).isEqualTo(303);
            assertThat(role(store, "reader")).isEqualTo("viewer");
        }
    }

    private static String role(TestStore store, String username) {
        for (JsonNode user : store.http().adminGet("/api/admin/users").json()) {
            if (user.get("username").asText().equals(username)) {
                return user.get("role").asText();
            }
        }
        throw new AssertionError("no user " + username);
    }
}
