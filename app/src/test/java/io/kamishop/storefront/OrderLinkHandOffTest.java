package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order link hands its token over to a cookie of that one order: the buyer lands on {@code /orders/{no}}
 * without the secret in the address, a crawler finds a locked page with nothing private, and robots.txt keeps out
 * only the addresses that carry the token or the goods.
 */
class OrderLinkHandOffTest {

    private static TestStore store;
    private static Http http;

    @BeforeAll
    static void start() {
        store = TestStore.start();
        http = store.http();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private record Placed(String orderNo, String token) {
        String link() {
            return "/orders/" + orderNo + "?token=" + token;
        }
    }

    private static Placed delivered(String name, String key) {
        long id = store.createProduct(name, 250, "CNY");
        store.importKeys(id, List.of(key));
        Http.Answer placed = store.order(id, 1);
        Placed order = new Placed(
                placed.json().get("orderNo").asText(),
                placed.json().get("lookupToken").asText());
        assertThat(store.notifySandbox(order.orderNo(), 250, "T-" + order.orderNo())
                        .status())
                .isEqualTo(200);
        return order;
    }

    private static Placed pending(String name) {
        long id = store.createProduct(name, 300, "USD");
        store.importKeys(id, List.of(name + "-KEY"));
        Http.Answer placed = store.order(id, 1);
        return new Placed(
                placed.json().get("orderNo").asText(),
                placed.json().get("lookupToken").asText());
    }

    private static Http.Answer get(String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(http.uri(path)).GET().header("Accept", "text/html");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request, false);
    }

    private static Http.Answer post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .header("Origin", store.baseUrl())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request, false);
    }

    @Test
    void theOrderLinkSetsAnHttpOnlyCookieOfThatOrderAndRedirectsToTheAddressWithoutTheToken() {
        Placed order = delivered("Hand-off", "HANDOFF-KEY-1");

        Http.Answer handOff = get(order.link());

        assertThat(handOff.status()).isEqualTo(303);
        assertThat(handOff.header("Location")).isEqualTo("/orders/" + order.orderNo());
        assertThat(handOff.header("X-Robots-Tag")).isEqualTo("noindex, nofollow");
        assertThat(handOff.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(handOff.header("Cache-Control")).isEqualTo("no-store");
        String cookie = handOff.header("Set-Cookie");
        assertThat(cookie)
                .startsWith("kamishop_order=" + order.token() + ";")
                .contains("; Path=/orders/" + order.orderNo() + ";")
                .contains("; Max-Age=2592000")
                .contains("; HttpOnly")
                .contains("; SameSite=Lax")
                .doesNotContain("Secure"); // plain http here
        assertThat(handOff.body()).doesNotContain("HANDOFF-KEY-1");
    }

    @Test
    void aFailedPaymentHandOffKeepsItsPayAgainNotice() {
        Placed order = pending("Retry");

        Http.Answer handOff = get(order.link() + "&retry=1");

        assertThat(handOff.status()).isEqualTo(303);
        assertThat(handOff.header("Location")).isEqualTo("/orders/" + order.orderNo() + "?retry=1");
        String cookie = handOff.header("Set-Cookie");
        Http.Answer page = get(handOff.header("Location"), "Cookie", cookie.substring(0, cookie.indexOf(';')));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("class=\"errors\" role=\"alert\"").contains("id=\"pay-now\"");
    }

    @Test
    void theCookieIsSecureWhenTheBuyerCameOverHttpsThroughATrustedProxy() {
        try (TestStore proxied = TestStore.builder()
                .env("KAMISHOP_TRUSTED_PROXIES", "127.0.0.1/32, ::1")
                .start()) {
            long id = proxied.createProduct("Over https", 100, "CNY");
            proxied.importKeys(id, List.of("HTTPS-KEY"));
            Http.Answer placed = proxied.order(id, 1);
            String link = "/orders/" + placed.json().get("orderNo").asText() + "?token="
                    + placed.json().get("lookupToken").asText();
            Http.Answer handOff = proxied.http()
                    .send(
                            HttpRequest.newBuilder(proxied.http().uri(link))
                                    .GET()
                                    .header("X-Forwarded-Proto", "https"),
                            false);
            assertThat(handOff.status()).isEqualTo(303);
            assertThat(handOff.header("Set-Cookie")).endsWith("; Secure");
        }
    }

    @Test
    void withItsCookieTheOrderPageShowsTheKeysPrivatelyAndMayBeIndexed() {
        Placed order = delivered("With cookie", "COOKIE-KEY-1");

        Http.Answer page = http.openOrder(order.link());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).isEqualTo("private, no-store");
        assertThat(page.header("X-Robots-Tag")).isNull();
        assertThat(page.body())
                .contains("COOKIE-KEY-1")
                .doesNotContain("name=\"robots\"")
                // the page's own links and forms go without the token: the cookie travels with them
                .contains("href=\"/orders/" + order.orderNo() + "/keys.txt\"")
                .doesNotContain("/keys.txt?token=");
    }

    @Test
    void withoutACookieTheOrderPageIsLockedAndShowsNothingOfTheOrder() {
        Placed order = delivered("Locked", "LOCKED-KEY-1");

        Http.Answer locked = get("/orders/" + order.orderNo());

        assertThat(locked.status()).isEqualTo(200);
        assertThat(locked.header("Set-Cookie")).isNull();
        assertThat(locked.body())
                .contains("id=\"order-locked\"")
                .contains("action=\"/lookup\"")
                .contains("value=\"" + order.orderNo() + "\"")
                .doesNotContain("LOCKED-KEY-1")
                .doesNotContain("buyer@example.com")
                .doesNotContain("2.50")
                .doesNotContain(order.token())
                .doesNotContain("Locked<"); // not even the product's name
        // An order that does not exist gets the same page: the locked page tells nobody which numbers are orders.
        Http.Answer unknown = get("/orders/20000101000000000001");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body()).contains("id=\"order-locked\"");
    }

    @Test
    void aWrongTokenIsANotFoundWithoutACookieAsBefore() {
        Placed order = delivered("Wrong token", "WRONG-KEY-1");

        Http.Answer wrong = get("/orders/" + order.orderNo() + "?token=wrong");

        assertThat(wrong.status()).isEqualTo(404);
        assertThat(wrong.header("Set-Cookie")).isNull();
        assertThat(wrong.body()).doesNotContain("WRONG-KEY-1");
    }

    @Test
    void theCookieOfOneOrderDoesNotOpenAnother() {
        Placed a = delivered("Order A", "A-KEY-1");
        Placed b = delivered("Order B", "B-KEY-1");
        String cookieOfA = http.orderCookie(a.link());

        Http.Answer bWithA = get("/orders/" + b.orderNo(), "Cookie", cookieOfA);
        assertThat(bWithA.status()).isEqualTo(200);
        assertThat(bWithA.body())
                .contains("id=\"order-locked\"")
                .doesNotContain("B-KEY-1")
                .doesNotContain("A-KEY-1");
        // the stale cookie is forgotten on that order's path
        assertThat(bWithA.header("Set-Cookie"))
                .startsWith("kamishop_order=;")
                .contains("Path=/orders/" + b.orderNo() + ";")
                .contains("Max-Age=0");
        assertThat(get("/orders/" + b.orderNo() + "/keys.txt", "Cookie", cookieOfA)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theKeysFileAndThePaymentFormsWorkWithTheCookie() {
        Placed order = delivered("Cookie keys", "TXT-KEY-1");
        String cookie = http.orderCookie(order.link());

        Http.Answer txt = get("/orders/" + order.orderNo() + "/keys.txt", "Cookie", cookie);
        assertThat(txt.status()).isEqualTo(200);
        assertThat(txt.body()).isEqualTo("TXT-KEY-1\r\n");
        assertThat(get("/orders/" + order.orderNo() + "/keys.txt").status()).isEqualTo(404);

        Placed unpaid = pending("Cookie pay");
        String unpaidCookie = http.orderCookie(unpaid.link());
        Http.Answer page = http.openOrder(unpaid.link());
        assertThat(page.body())
                .contains("action=\"/orders/" + unpaid.orderNo() + "/pay\"")
                .doesNotContain("/pay?token=");
        // "pay now" from the page: the sandbox hands over to its own pay page, the order's held stock untouched
        Http.Answer pay = post("/orders/" + unpaid.orderNo() + "/pay", "", "Cookie", unpaidCookie);
        assertThat(pay.status()).isIn(200, 303);
        assertThat(post("/orders/" + unpaid.orderNo() + "/pay", "").status()).isEqualTo(404);
        // "pay another way": with the cookie the switch is tried (no other channel here: refused with 422, not 404)
        Http.Answer switched = post("/orders/" + unpaid.orderNo() + "/channel", "channel=nope", "Cookie", unpaidCookie);
        assertThat(switched.status()).isEqualTo(422);
        assertThat(post("/orders/" + unpaid.orderNo() + "/channel", "channel=nope")
                        .status())
                .isEqualTo(404);
        // a delivered order's "pay" goes back to its page, the address without the token
        Http.Answer paid = post("/orders/" + order.orderNo() + "/pay", "", "Cookie", cookie);
        assertThat(paid.status()).isEqualTo(303);
        assertThat(paid.header("Location")).isEqualTo("/orders/" + order.orderNo());
    }

    @Test
    void wrongCookiesAndWrongTokensShareOneThrottle() {
        try (TestStore limited = TestStore.builder()
                .env("KAMISHOP_RATE_LOOKUP_FAILURES_PER_10_MINUTES", "3")
                .start()) {
            long id = limited.createProduct("Throttled", 100, "CNY");
            limited.importKeys(id, List.of("T-KEY"));
            Http.Answer placed = limited.order(id, 1);
            String orderNo = placed.json().get("orderNo").asText();
            String link = "/orders/" + orderNo + "?token="
                    + placed.json().get("lookupToken").asText();
            Http h = limited.http();
            String right = h.orderCookie(link);
            java.util.function.BiFunction<String, String, Http.Answer> fetch = (path, cookie) -> h.send(
                    cookie == null
                            ? HttpRequest.newBuilder(h.uri(path)).GET()
                            : HttpRequest.newBuilder(h.uri(path)).GET().header("Cookie", cookie),
                    false);

            assertThat(fetch.apply("/orders/" + orderNo, "kamishop_order=wrong-1")
                            .status())
                    .isEqualTo(200); // locked
            assertThat(fetch.apply("/orders/" + orderNo + "?token=wrong-2", null)
                            .status())
                    .isEqualTo(404);
            assertThat(fetch.apply("/orders/" + orderNo, "kamishop_order=wrong-3")
                            .status())
                    .isEqualTo(200);
            // over the limit: the right cookie and the right link are refused alike, and no cookie is handed out
            Http.Answer page = fetch.apply("/orders/" + orderNo, right);
            assertThat(page.status()).isEqualTo(429);
            assertThat(page.body()).doesNotContain("T-KEY");
            Http.Answer handOff = fetch.apply(link, null);
            assertThat(handOff.status()).isEqualTo(429);
            assertThat(handOff.header("Set-Cookie")).isNull();
            // a buyer without any cookie is not counted, nor refused: the locked page opens nothing
            assertThat(fetch.apply("/orders/" + orderNo, null).status()).isEqualTo(200);
        }
    }

    @Test
    void robotsTxtLetsCrawlersReachTheOrderPageButNotTheLinksKeysOrFiles() {
        List<String[]> rules = rulesForEveryAgent(get("/robots.txt").body());

        assertThat(allowed(rules, "/orders/20261206000000000001")).isTrue();
        assertThat(allowed(rules, "/orders/20261206000000000001?token=abc")).isFalse();
        assertThat(allowed(rules, "/orders/20261206000000000001?retry=1&token=abc"))
                .isFalse();
        assertThat(allowed(rules, "/orders/20261206000000000001/keys.txt")).isFalse();
        assertThat(allowed(rules, "/orders/20261206000000000001/keys.txt?token=abc"))
                .isFalse();
        assertThat(allowed(rules, "/orders/20261206000000000001/files/7")).isFalse();
        assertThat(allowed(rules, "/lookup?orderNo=1&token=abc")).isFalse();
        assertThat(allowed(rules, "/products/1")).isTrue();
    }

    /** The Allow/Disallow lines of the {@code User-agent: *} group, as {type, pattern}. */
    private static List<String[]> rulesForEveryAgent(String robots) {
        List<String[]> rules = new ArrayList<>();
        boolean everyAgent = false;
        for (String line : robots.split("\n")) {
            String[] field = line.split(":", 2);
            if (field.length < 2) {
                continue;
            }
            String name = field[0].strip().toLowerCase(java.util.Locale.ROOT);
            String value = field[1].strip();
            if (name.equals("user-agent")) {
                everyAgent = value.equals("*");
            } else if (everyAgent && (name.equals("allow") || name.equals("disallow")) && !value.isEmpty()) {
                rules.add(new String[] {name, value});
            }
        }
        return rules;
    }

    /**
     * RFC 9309 matching, as Google's parser and the robots-parser package Lighthouse uses: a rule matches the path and
     * query from the start, {@code *} is any run of characters, {@code $} the end; the longest match decides, Allow
     * winning a tie; no match allows.
     */
    private static boolean allowed(List<String[]> rules, String pathAndQuery) {
        String verdict = "allow";
        int longest = -1;
        for (String[] rule : rules) {
            String pattern = rule[1];
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '$' ? "$" : Pattern.quote(String.valueOf(c)));
            }
            if (Pattern.compile(regex.toString()).matcher(pathAndQuery).lookingAt()
                    && (pattern.length() > longest || (pattern.length() == longest && rule[0].equals("allow")))) {
                longest = pattern.length();
                verdict = rule[0];
            }
        }
        return verdict.equals("allow");
    }
}
