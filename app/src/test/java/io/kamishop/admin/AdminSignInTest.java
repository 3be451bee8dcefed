package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sign-in over plain HTTP: admin creation, throttling and lockout, sessions, CSRF, first-admin setup. */
class AdminSignInTest {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void usersApiCreatesAnAdminWhoCanSignInAtTheLoginForm() {
        try (TestStore store = TestStore.start()) {
            Http.Answer created =
                    store.http().adminPostJson("/api/admin/users", Map.of("username", "alice", "password", PASSWORD));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("username").asText()).isEqualTo("alice");
            assertThat(created.body()).doesNotContain(PASSWORD);

            AdminClient browser = new AdminClient(store.baseUrl());
            AdminClient.Page signedIn = browser.signIn("alice", PASSWORD);
            assertThat(signedIn.status()).isEqualTo(303);
            assertThat(signedIn.header("Location")).isEqualTo("/admin");
            AdminClient.Page dashboard = browser.get("/admin");
            assertThat(dashboard.status()).isEqualTo(200);
            assertThat(dashboard.body()).contains("id=\"me\">alice<");
        }
    }

    @Test
    void usersApiRefusesShortPasswordsDuplicatesAndCallsWithoutAToken() {
        try (TestStore store = TestStore.start()) {
            assertThat(store.http()
                            .adminPostJson("/api/admin/users", Map.of("username", "bob", "password", "short"))
                            .errorCode())
                    .isEqualTo("invalid_user");
            assertThat(store.http()
                            .adminPostJson("/api/admin/users", Map.of("username", "bob", "password", PASSWORD))
                            .status())
                    .isEqualTo(201);
            Http.Answer again =
                    store.http().adminPostJson("/api/admin/users", Map.of("username", "BOB", "password", PASSWORD));
            assertThat(again.status()).isEqualTo(409);
            assertThat(store.http()
                            .postJson("/api/admin/users", Map.of("username", "eve", "password", PASSWORD))
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void thereIsNoDefaultAdmin() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("admin", "admin").status()).isEqualTo(401);
            assertThat(browser.get("/admin").status()).isEqualTo(303);
            assertThat(browser.get("/admin/login").body()).contains("/admin/setup");
        }
    }

    @Test
    void repeatedFailuresAreAnswered429WithRetryAfterEvenForTheRightPassword() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "carol", "password", PASSWORD));
            AdminClient attacker = new AdminClient(store.baseUrl());
            int firstThrottled = -1;
            for (int attempt = 1; attempt <= 10; attempt++) {
                AdminClient.Page page = attacker.signIn("carol", "guess-" + attempt);
                if (page.status() == 429) {
                    firstThrottled = attempt;
                    assertThat(Long.parseLong(page.header("Retry-After")))
                            .isBetween(1L, LoginThrottle.LOCKOUT.toSeconds());
                    break;
                }
                assertThat(page.status()).isEqualTo(401);
            }
            assertThat(firstThrottled).isBetween(1, LoginThrottle.DEFAULT_LIMIT.accountFailures());
            // Locked means locked: the right password is not even checked now.
            AdminClient.Page owner = new AdminClient(store.baseUrl()).signIn("carol", PASSWORD);
            assertThat(owner.status()).isEqualTo(429);
            assertThat(owner.header("Retry-After")).isNotNull();
            assertThat(owner.headers("Set-Cookie"))
                    .noneMatch(c -> c.startsWith(AdminWeb.SESSION_COOKIE + "=")
                            && !c.startsWith(AdminWeb.SESSION_COOKIE + "=;"));
        }
    }

    @Test
    void lockoutExpiresAndTheRightPasswordWorksAgain() {
        MutableClock clock = MutableClock.now();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "dave", "password", PASSWORD));
            AdminClient browser = new AdminClient(store.baseUrl());
            for (int i = 0; i < LoginThrottle.DEFAULT_LIMIT.accountFailures(); i++) {
                browser.signIn("dave", "wrong-" + i);
            }
            assertThat(browser.signIn("dave", PASSWORD).status()).isEqualTo(429);

            clock.advance(LoginThrottle.LOCKOUT.minus(Duration.ofSeconds(30)));
            assertThat(browser.signIn("dave", PASSWORD).status()).isEqualTo(429);

            clock.advance(Duration.ofSeconds(31));
            assertThat(browser.signIn("dave", PASSWORD).status()).isEqualTo(303);
            assertThat(browser.get("/admin").status()).isEqualTo(200);
        }
    }

    @Test
    void oneAddressGuessingAcrossManyAccountsIsThrottled() {
        try (TestStore store = TestStore.start()) {
            AdminClient attacker = new AdminClient(store.baseUrl());
            int limit = LoginThrottle.DEFAULT_LIMIT.ipFailures();
            for (int i = 0; i < limit; i++) {
                assertThat(attacker.signIn("user" + i, "password" + i).status()).isIn(401, 429);
            }
            assertThat(attacker.signIn("someone-new", "whatever1").status()).isEqualTo(429);
        }
    }

    @Test
    void sessionCookieIsHttpOnlyLaxAndSecureOnlyBehindTls() {
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_TRUSTED_PROXIES", "127.0.0.1,::1")
                .start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "erin", "password", PASSWORD));
            AdminClient.Page plain = new AdminClient(store.baseUrl()).signIn("erin", PASSWORD);
            String cookie = plain.headers("Set-Cookie").stream()
                    .filter(c -> c.startsWith(AdminWeb.SESSION_COOKIE))
                    .findFirst()
                    .orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");

            AdminClient.Page tls = new AdminClient(store.baseUrl())
                    .header("X-Forwarded-Proto", "https")
                    .signIn("erin", PASSWORD);
            // Over https: the __Host- name (Secure, Path=/, no Domain), so no subdomain or http page can plant it.
            String secure = tls.headers("Set-Cookie").stream()
                    .filter(c -> c.startsWith("__Host-" + AdminWeb.SESSION_COOKIE + "="))
                    .findFirst()
                    .orElseThrow();
            assertThat(secure)
                    .contains("HttpOnly")
                    .contains("SameSite=Lax")
                    .contains("Secure")
                    .contains("Path=/")
                    .doesNotContainIgnoringCase("Domain=");
            assertThat(tls.headers("Strict-Transport-Security")).anyMatch(h -> h.startsWith("max-age="));
            assertThat(plain.headers("Strict-Transport-Security")).isEmpty();

            // Over https a plain-named cookie (as a sibling subdomain could plant one) is not a session.
            String rawId = secure.substring(secure.indexOf('=') + 1, secure.indexOf(';'));
            java.net.http.HttpRequest.Builder planted = java.net.http.HttpRequest.newBuilder(
                            store.http().uri("/api/admin/orders"))
                    .header("X-Forwarded-Proto", "https")
                    .header("Cookie", AdminWeb.SESSION_COOKIE + "=" + rawId)
                    .GET();
            assertThat(store.http().send(planted, false).status()).isEqualTo(401);
            java.net.http.HttpRequest.Builder genuine = java.net.http.HttpRequest.newBuilder(
                            store.http().uri("/api/admin/orders"))
                    .header("X-Forwarded-Proto", "https")
                    .header("Cookie", "__Host-" + AdminWeb.SESSION_COOKIE + "=" + rawId)
                    .GET();
            assertThat(store.http().send(genuine, false).status()).isEqualTo(200);
        }
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "frank", "password", PASSWORD));
            AdminClient browser = new AdminClient(store.baseUrl());
            browser.signIn("frank", PASSWORD);
            Map<String, String> product =
                    Map.of("name", "Forged", "price", "9.90", "currency", "CNY", "description", "", "active", "true");

            AdminClient.Page missing = browser.postForm("/admin/products", product);
            assertThat(missing.status()).isEqualTo(403);
            Map<String, String> wrong = new java.util.HashMap<>(product);
            wrong.put("_csrf", "0".repeat(64));
            assertThat(browser.postForm("/admin/products", wrong).status()).isEqualTo(403);
            assertThat(browser.postForm("/admin/settings", Map.of("storeName", "Hacked"))
                            .status())
                    .isEqualTo(403);
            assertThat(store.http().adminGet("/api/admin/products").json())
                    .noneMatch(p -> p.get("name").asText().equals("Forged"));
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("storeName")
                            .asText())
                    .isNotEqualTo("Hacked");

            // The same form with the page's token goes through.
            AdminClient.Page ok = browser.submit("/admin/products", "/admin/products", product);
            assertThat(ok.status()).isEqualTo(303);
            assertThat(store.http().adminGet("/api/admin/products").json())
                    .anyMatch(p -> p.get("name").asText().equals("Forged"));
        }
    }

    @Test
    void theAdminApiTakesASessionButItsChangesNeedTheCsrfHeader() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "gina", "password", PASSWORD));
            AdminClient browser = new AdminClient(store.baseUrl());
            browser.signIn("gina", PASSWORD);
            assertThat(browser.get("/api/admin/products").status()).isEqualTo(200);
            String body = "{\"name\":\"Via session\",\"price\":100,\"currency\":\"CNY\"}";
            AdminClient.Page noHeader =
                    browser.send(HttpRequest.newBuilder(URI.create(store.baseUrl() + "/api/admin/products"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(noHeader.status()).isEqualTo(403);
            String token = AdminClient.csrfFrom(browser.get("/admin/products").body());
            AdminClient.Page withHeader =
                    browser.send(HttpRequest.newBuilder(URI.create(store.baseUrl() + "/api/admin/products"))
                            .header("Content-Type", "application/json")
                            .header("X-CSRF-Token", token)
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(withHeader.status()).isEqualTo(201);
            // Bearer tokens work exactly as before, without any CSRF header.
            assertThat(store.http()
                            .adminPostJson(
                                    "/api/admin/products", Map.of("name", "Via token", "price", 1, "currency", "CNY"))
                            .status())
                    .isEqualTo(201);
            assertThat(store.app().admin().audit().recent(50, Long.MAX_VALUE))
                    .anyMatch(e -> e.actor().equals("user:gina") && e.action().equals("api POST /api/admin/products"));
        }
    }

    @Test
    void aSignInFormPostedFromAnotherSiteIsRefused() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "hank", "password", PASSWORD));
            AdminClient browser = new AdminClient(store.baseUrl()).header("Origin", "https://evil.example");
            assertThat(browser.signIn("hank", PASSWORD).status()).isEqualTo(403);
            assertThat(browser.session()).isNull();
        }
    }

    @Test
    void theFirstAdminIsCreatedWithTheOneTimeSetupCodeOnlyOnce() {
        try (TestStore store = TestStore.start()) {
            String code = store.app().admin().issueSetupCode().orElseThrow();
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.postForm(
                                    "/admin/setup",
                                    Map.of("setupCode", "0000-0000-0000", "username", "root", "password", PASSWORD))
                            .status())
                    .isEqualTo(403);
            AdminClient.Page created = browser.postForm(
                    "/admin/setup", Map.of("setupCode", code, "username", "root", "password", PASSWORD));
            assertThat(created.status()).isEqualTo(303);
            assertThat(browser.get("/admin").status()).isEqualTo(200);
            assertThat(store.app().admin().issueSetupCode()).isEmpty();
            AdminClient.Page again = new AdminClient(store.baseUrl())
                    .postForm("/admin/setup", Map.of("setupCode", code, "username", "second", "password", PASSWORD));
            assertThat(again.status()).isEqualTo(409);
        }
    }

    @Test
    void signingOutEndsTheSession() {
        try (TestStore store = TestStore.start()) {
            store.http().adminPostJson("/api/admin/users", Map.of("username", "ivy", "password", PASSWORD));
            AdminClient browser = new AdminClient(store.baseUrl());
            browser.signIn("ivy", PASSWORD);
            String oldSession = browser.session();
            assertThat(browser.submit("/admin", "/admin/logout", Map.of()).status())
                    .isEqualTo(303);
            AdminClient replay =
                    new AdminClient(store.baseUrl()).header("Cookie", AdminWeb.SESSION_COOKIE + "=" + oldSession);
            assertThat(replay.get("/admin").status()).isEqualTo(303);
        }
    }
}
