package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.admin.AdminApiAreas.Area;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A staff member or a viewer is never offered a button the server would refuse: every admin page a role can
 * read is crawled as that role, and every write it offers (a POST form, an htmx post, the chunked key upload)
 * must be one the role may do, by the same areas the server's guard checks ({@link AdminApiAreas}). The guard
 * itself (403 for a write outside the role) is pinned by the role tests of each route. A crawl sees only the
 * states its store is in (no withdrawal waiting, no cold order), so every template is also read as text: each
 * write must sit inside an {@code {% if ... can.<area>_write %}} naming the area the guard gives its action.
 */
class AdminRoleButtonsTest {

    private static final String PASSWORD = "role buttons password";
    private static final Pattern LINK = Pattern.compile("href=\"(/admin[^\"#]*)\"");
    private static final Pattern POST_FORM =
            Pattern.compile("<form\\b(?=[^>]*\\bmethod=\"post\")[^>]*\\baction=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern OTHER_WRITE =
            Pattern.compile("\\b(?:hx-post|hx-put|hx-delete|hx-patch|data-chunk-url|formaction)=\"([^\"]+)\"");

    private static final Pattern TAG =
            Pattern.compile("\\{%-?\\s*(if|elseif|else|endif|for|endfor|include)\\b(.*?)-?%}");
    private static final Pattern INCLUDE_ACTION =
            Pattern.compile("\"action\"\\s*:\\s*((?:\"[^\"]*\"|[\\w.]+|\\s*~\\s*)+)");

    /** A template's writes, each with the if-conditions around it (a for loop's frame is null). */
    private record Write(String template, String action, List<String> conditions) {}

    @Test
    void everyTemplateWriteIsGuardedByTheAreaOfItsAction() throws Exception {
        // Administration and account pages carry their forms unguarded: each role reads such a page
        // exactly when it may write there, so the guard's refusal of the page hides the forms.
        for (StaffRole role : StaffRole.values()) {
            for (Area area : List.of(Area.ADMINISTRATION, Area.ACCOUNT)) {
                assertThat(role.permits("GET", area)).as(role + " " + area).isEqualTo(role.permits("POST", area));
            }
        }
        Path dir = Path.of(AdminRoleButtonsTest.class
                        .getResource("/admin/templates/layout.peb")
                        .toURI())
                .getParent();
        Map<String, String> templates = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".peb")).toList()) {
                templates.put(
                        f.getFileName().toString().replace(".peb", ""), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        Set<String> included = new TreeSet<>();
        Matcher inc =
                Pattern.compile("\\{%\\s*include\\s+\"([\\w-]+)\"").matcher(String.join("\n", templates.values()));
        while (inc.find()) {
            included.add(inc.group(1));
        }
        List<Write> found = new ArrayList<>();
        for (Map.Entry<String, String> t : templates.entrySet()) {
            if (!included.contains(t.getKey())) {
                scan(t.getKey(), templates, new ArrayList<>(), null, found);
            }
        }
        List<String> unguarded = new ArrayList<>();
        for (Write w : found) {
            String target = w.action().replaceAll("\\{\\{.*?}}", "1").replaceAll("[?#].*", "");
            if (!target.startsWith("/admin")) {
                unguarded.add(w.template() + ": " + w.action() + " (no area can be told)");
                continue;
            }
            Area area = AdminAccess.area(target);
            if (area == Area.ADMINISTRATION || area == Area.ACCOUNT) {
                continue;
            }
            String guard = "can." + area.name().toLowerCase(Locale.ROOT) + "_write";
            if (w.conditions().stream().noneMatch(c -> c != null && c.contains(guard))) {
                unguarded.add(w.template() + ": " + w.action() + " needs " + guard);
            }
        }
        assertThat(found).as("writes found in the templates").hasSizeGreaterThan(30);
        assertThat(unguarded)
                .as("writes a role that may not make them would be offered")
                .isEmpty();
    }

    /** Reads one template in order, following its includes with the conditions around them. */
    private static void scan(
            String name, Map<String, String> templates, List<String> around, String includedAction, List<Write> out) {
        String text = templates.get(name);
        assertThat(text).as("template " + name).isNotNull();
        // Each event: where it is, the tag's kind (null for a write) and its text (the write's action).
        record Event(int at, String kind, String text) {}
        List<Event> events = new ArrayList<>();
        Matcher tag = TAG.matcher(text);
        while (tag.find()) {
            events.add(new Event(tag.start(), tag.group(1), tag.group(2).strip()));
        }
        for (Pattern p : List.of(POST_FORM, OTHER_WRITE)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                events.add(new Event(m.start(), null, m.group(1)));
            }
        }
        events.sort(Comparator.comparingInt(Event::at));
        List<String> stack = new ArrayList<>(around);
        int own = stack.size();
        for (Event e : events) {
            if (e.kind() == null) {
                String action = e.text();
                if (action.strip().equals("{{ action }}") && includedAction != null) {
                    action = includedAction;
                }
                out.add(new Write(name, action, new ArrayList<>(stack)));
                continue;
            }
            String kind = e.kind();
            String rest = e.text();
            switch (kind) {
                case "if", "for" -> stack.add(kind.equals("if") ? rest : null);
                case "elseif", "else" -> {
                    // A for loop's else (its empty case) is no guard either way.
                    if (stack.size() > own && stack.get(stack.size() - 1) != null) {
                        stack.set(stack.size() - 1, kind.equals("elseif") ? rest : "");
                    }
                }
                case "endif", "endfor" -> stack.remove(stack.size() - 1);
                case "include" -> {
                    Matcher what = Pattern.compile("\"([\\w-]+)\"").matcher(rest);
                    assertThat(what.find()).as(name + ": " + rest).isTrue();
                    Matcher given = INCLUDE_ACTION.matcher(rest);
                    String action = given.find()
                            ? given.group(1)
                                    .replaceAll("\"([^\"]*)\"", "$1")
                                    .replaceAll("\\s*~\\s*", "")
                                    .replaceAll("(?<=/)[a-z]+\\.[\\w.]+", "1")
                            : null;
                    scan(what.group(1), templates, stack, action, out);
                }
                default -> throw new AssertionError(kind);
            }
        }
        assertThat(stack).as("if/for frames balanced in " + name).hasSize(own);
    }

    @Test
    void staffIsOfferedNoSettingsPluginsOrUsersActions() {
        Crawl crawl = crawl("staff", StaffRole.OPERATOR);
        // Hiding everything would pass the crawl too: an operator still runs the keys and the money.
        assertThat(crawl.offered().get("/admin/products/" + PRODUCT))
                .as("key forms offered to an operator")
                .contains(
                        "/admin/products/" + PRODUCT + "/keys",
                        "/admin/products/" + PRODUCT + "/keys/chunk",
                        "/admin/products/" + PRODUCT + "/keys/remove-unsold");
        assertThat(crawl.offered().get("/admin/coupons"))
                .as("coupon forms offered to an operator")
                .contains("/admin/coupons");
        assertThat(crawl.noted())
                .as("pages telling an operator a form is hidden")
                .isEmpty();
    }

    @Test
    void viewerIsOfferedNoWriteButOwnAccount() {
        Crawl crawl = crawl("viewer", StaffRole.VIEWER);
        assertThat(crawl.offered().get("/admin/account"))
                .as("a viewer's own account forms")
                .isNotEmpty();
        assertThat(crawl.noted())
                .as("pages telling a viewer some forms are hidden")
                .contains(
                        "/admin/products",
                        "/admin/products/" + PRODUCT,
                        "/admin/products/" + PRODUCT + "/keys",
                        "/admin/coupons")
                .doesNotContain("/admin/account", "/admin");
        assertThat(crawl.chineseProductPage()).contains("id=\"role-note\"", "此页面的部分操作已隐藏");
    }

    @Test
    void supportIsOfferedOnlyTheMailItMaySend() {
        Crawl crawl = crawl("support", StaffRole.SUPPORT);
        assertThat(crawl.offered().values().stream().flatMap(Set::stream))
                .as("support may send an order's mail again")
                .anyMatch(action -> action.endsWith("/resend-email"));
        assertThat(crawl.noted())
                .as("pages telling support some forms are hidden")
                .contains("/admin/products/" + PRODUCT);
    }

    @Test
    void ownerIsOfferedEveryForm() {
        Crawl crawl = crawl("owner", StaffRole.OWNER);
        Map<String, Set<String>> offered = crawl.offered();
        assertThat(offered.get("/admin/products/" + PRODUCT))
                .as("key and product forms offered to an owner")
                .contains(
                        "/admin/products/" + PRODUCT,
                        "/admin/products/" + PRODUCT + "/keys",
                        "/admin/products/" + PRODUCT + "/keys/chunk",
                        "/admin/products/" + PRODUCT + "/keys/export",
                        "/admin/products/" + PRODUCT + "/keys/remove-unsold");
        assertThat(offered.get("/admin/products/" + PRODUCT + "/keys"))
                .as("one-by-one key deletes offered to an owner")
                .anyMatch(action -> action.endsWith("/delete"));
        assertThat(offered.get("/admin/settings")).as("settings form").contains("/admin/settings");
        assertThat(offered.get("/admin/users")).as("users forms").contains("/admin/users");
        assertThat(offered.get("/admin/plugins/payment-sandbox"))
                .as("plugin forms")
                .contains("/admin/plugins/payment-sandbox/config");
        assertThat(offered.values().stream().flatMap(Set::stream))
                .as("an order's refund")
                .anyMatch(action -> action.endsWith("/refund"));
        assertThat(crawl.noted()).as("pages telling an owner a form is hidden").isEmpty();
        assertThat(crawl.chineseProductPage()).doesNotContain("role-note");
    }

    /** The only product of each store these tests start. */
    private static final long PRODUCT = 1;

    /**
     * What a role was shown: the writes each page offers (page -> actions), the pages that said some of
     * their forms are hidden, and the product's page in Chinese.
     */
    private record Crawl(Map<String, Set<String>> offered, Set<String> noted, String chineseProductPage) {}

    /**
     * Crawls every admin page {@code role} can read, having asserted that no write offered is one the
     * server would refuse that role, and that no page says twice that its forms are hidden.
     */
    private static Crawl crawl(String role, StaffRole grant) {
        try (TestStore store = TestStore.start()) {
            // The first admin is always made an owner (AdminUsers): the role under test must come second.
            Http.Answer boss =
                    store.http().adminPostJson("/api/admin/users", Map.of("username", "boss", "password", PASSWORD));
            assertThat(boss.status()).as(boss.body()).isEqualTo(201);
            long productId = store.createProduct("Role game", 990, "CNY");
            assertThat(productId).isEqualTo(PRODUCT);
            store.importKeys(productId, List.of("ROLE-1", "ROLE-2", "ROLE-3"));
            Http.Answer placed = store.order(productId, 1);
            String orderNo = placed.json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 990, "ROLE-" + orderNo).status())
                    .isEqualTo(200);
            Http.Answer coupon =
                    store.http().adminPostJson("/api/admin/coupons", Map.of("code", "ROLE10", "percentOff", 10));
            assertThat(coupon.status()).as(coupon.body()).isEqualTo(201);
            String username = "a-" + role;
            Http.Answer created = store.http()
                    .adminPostJson(
                            "/api/admin/users", Map.of("username", username, "password", PASSWORD, "role", role));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("role").asText()).isEqualTo(grant.id());
            AdminClient admin = new AdminClient(store.baseUrl());
            assertThat(admin.signIn(username, PASSWORD).status()).isEqualTo(303);

            Map<String, Set<String>> offered = new TreeMap<>();
            Map<String, Set<String>> forbidden = new TreeMap<>();
            Set<String> seen = new LinkedHashSet<>();
            Set<String> read = new TreeSet<>();
            Set<String> noted = new TreeSet<>();
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
            while (!toVisit.isEmpty() && seen.size() < 120) {
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
                int notes = page.body().split("id=\"role-note\"", -1).length - 1;
                assertThat(notes).as("role notes on " + path).isLessThanOrEqualTo(1);
                if (notes == 1) {
                    noted.add(path);
                }
                for (String action : writes(page.body())) {
                    String target = action.replace("&amp;", "&").replaceAll("[?#].*", "");
                    offered.computeIfAbsent(path, p -> new TreeSet<>()).add(target);
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
                            && !next.replaceAll("[?#].*", "").endsWith(".csv")
                            && !next.contains("lang=")
                            && !next.equals("/admin/logout")
                            && !seen.contains(next)) {
                        toVisit.add(next);
                    }
                }
            }
            assertThat(read).as("pages " + role + " can read").contains("/admin/orders", "/admin/orders/" + orderNo);
            // Pages the role may not read are refused whole by the guard; these are the ones it did read.
            assertThat(read.stream().map(p -> AdminAccess.area(p.replaceAll("[?#].*", ""))))
                    .as("every page " + role + " read is one its role may read")
                    .allMatch(area -> grant.permits("GET", area));
            assertThat(forbidden)
                    .as("write actions offered to " + role + " that the server refuses (page -> actions)")
                    .isEmpty();
            String chinese =
                    admin.get("/admin/products/" + productId + "?lang=zh-CN").body();
            return new Crawl(offered, noted, chinese);
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
