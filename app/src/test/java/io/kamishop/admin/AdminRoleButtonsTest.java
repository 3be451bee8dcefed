package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A staff member or a viewer is never offered a button the server would refuse: every admin page a role can
 * read is crawled as that role, and every write it offers (a POST form, an htmx post, the chunked key upload)
 * must be one the role may do, by the same areas the server's guard checks ({@link AdminApiAreas}). The guard
 * itself (403 for a write outside the role) is pinned by the role tests of each route.
 */
class AdminRoleButtonsTest {

    private static final String PASSWORD = "role buttons password";
    private static final Pattern LINK = Pattern.compile("href=\"(/admin[^\"#]*)\"");
    private static final Pattern POST_FORM =
            Pattern.compile("<form\\b(?=[^>]*\\bmethod=\"post\")[^>]*\\baction=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern OTHER_WRITE =
            Pattern.compile("\\b(?:hx-post|hx-put|hx-delete|hx-patch|data-chunk-url|formaction)=\"([^\"]+)\"");

    @Test
    void staffIsOfferedNoSettingsPluginsOrUsersActions() {
        assertNoForbiddenWrites("staff", StaffRole.OPERATOR);
    }

    @Test
    void viewerIsOfferedNoWriteButOwnAccount() {
        assertNoForbiddenWrites("viewer", StaffRole.VIEWER);
    }

    @Test
    void supportIsOfferedOnlyTheMailItMaySend() {
        assertNoForbiddenWrites("support", StaffRole.SUPPORT);
    }

    private static void assertNoForbiddenWrites(String role, StaffRole grant) {
        try (TestStore store = TestStore.start()) {
            long productId = store.createProduct("Role game", 990, "CNY");
            store.importKeys(productId, List.of("ROLE-1", "ROLE-2", "ROLE-3"));
            Http.Answer placed = store.order(productId, 1);
            String orderNo = placed.json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 990, "ROLE-" + orderNo).status())
                    .isEqualTo(200);
            store.http().adminPostJson("/api/admin/coupons", Map.of("code", "ROLE10", "kind", "percent", "value", 10));
            String username = "a-" + role;
            assertThat(store.http()
                            .adminPostJson(
                                    "/api/admin/users",
                                    Map.of("username", username, "password", PASSWORD, "role", role))
                            .status())
                    .isEqualTo(201);
            AdminClient admin = new AdminClient(store.baseUrl());
            assertThat(admin.signIn(username, PASSWORD).status()).isEqualTo(303);

            Map<String, Set<String>> forbidden = new TreeMap<>();
            Set<String> seen = new LinkedHashSet<>();
            Set<String> read = new TreeSet<>();
            Deque<String> toVisit = new ArrayDeque<>(List.of(
                    "/admin",
                    "/admin/orders",
                    "/admin/orders/" + orderNo,
                    "/admin/products",
                    "/admin/products/" + productId,
                    "/admin/products/" + productId + "/keys",
                    "/admin/products/" + productId + "/pricing",
                    "/admin/coupons",
                    "/admin/refunds",
                    "/admin/buyers",
                    "/admin/resellers",
                    "/admin/archive",
                    "/admin/notifications",
                    "/admin/reports",
                    "/admin/account"));
            while (!toVisit.isEmpty() && seen.size() < 80) {
                String path = toVisit.pop();
                if (!seen.add(path)) {
                    continue;
                }
                AdminClient.Page page = admin.get(path);
                if (page.status() != 200
                        || !String.valueOf(page.header("Content-Type")).startsWith("text/html")) {
                    continue;
                }
                read.add(path);
                for (String action : writes(page.body())) {
                    String target = action.replace("&amp;", "&").replaceAll("[?#].*", "");
                    boolean allowed = AdminApiAreas.of(target)
                            .map(area -> grant.permits("POST", area))
                            .orElse(false);
                    if (!allowed) {
                        forbidden.computeIfAbsent(path, p -> new TreeSet<>()).add(target);
                    }
                }
                Matcher link = LINK.matcher(page.body());
                while (link.find()) {
                    String next = link.group(1).replace("&amp;", "&");
                    if (!next.startsWith("/admin/static/")
                            && !next.endsWith(".csv")
                            && !next.contains("lang=")
                            && !seen.contains(next)) {
                        toVisit.add(next);
                    }
                }
            }
            assertThat(read).as("pages " + role + " can read").contains("/admin/orders", "/admin/orders/" + orderNo);
            assertThat(forbidden)
                    .as("write actions offered to " + role + " that the server refuses (page -> actions)")
                    .isEmpty();
        }
    }

    private static Set<String> writes(String html) {
        Set<String> out = new TreeSet<>();
        for (Pattern p : List.of(POST_FORM, OTHER_WRITE)) {
            Matcher m = p.matcher(html);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
