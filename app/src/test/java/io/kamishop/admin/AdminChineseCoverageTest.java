package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every admin page an owner can reach, in Chinese, shows no English words but names, codes and what
 * the merchant or a plugin typed. Crawls from the dashboard through every admin link (a store with a
 * product, keys, a delivered order and a coupon, so the detail pages exist) and reads the text a
 * person sees: element text, and the placeholder, title, aria-label and alt attributes. Only text marked
 * {@code translate="no"} is skipped: true data (names, e-mails, keys, an audit record, what a plugin or gateway
 * wrote). {@code lang="en"} alone no longer excuses anything: English the store itself words is a message.
 *
 * <p>Not covered yet: a plugin's own settings form ({@code /admin/plugins/<id>}: labels and help come from
 * the plugin, whose translations arrive with the plugin-resource mechanism being built separately).
 */
class AdminChineseCoverageTest {

    private static final String PASSWORD = "chinese coverage password";
    /** Words that are the same in both languages: names, codes, formats, units. */
    private static final Set<String> SAME_IN_BOTH = Set.of(
            "Kamishop",
            "CSV",
            "API",
            "URL",
            "TOTP",
            "CNY",
            "USD",
            "EUR",
            // Product and service names inside translated plugin descriptions (bundled plugins' kamishop-i18n files).
            "Bark",
            "bark",
            "BEpusdt",
            "epusdt",
            "Checkout",
            "Orders",
            "Native",
            "Turbo",
            "Server",
            "server",
            "Lark",
            "iPhone",
            "Java",
            "java",
            "stripe",
            "sendMessage",
            "api",
            "day",
            "app",
            "MinIO",
            "Cloudflare",
            "Turnstile",
            "hCaptcha",
            "Geetest",
            "Ceph",
            "AWS",
            "SDK",
            "OSS",
            "JSON",
            "Webhook",
            "Telegram",
            "Alipay",
            "PayPal",
            "Stripe",
            "WeChat",
            "USDT",
            "EPay",
            "English",
            "SMTP",
            "PEM",
            "PKCS",
            "HTTP",
            "HTTPS",
            "http",
            "https",
            "IP",
            "ID",
            "QR",
            "TLS",
            "KAMISHOP_PUBLIC_URL",
            "KAMISHOP",
            "OAuth",
            "Markdown",
            "TRC20",
            "RSA",
            "QQ",
            "SKU",
            "Bot",
            "Token",
            "Chat",
            "PDF",
            "PNG",
            "JPEG",
            "WebP",
            "GIF",
            "example",
            "com",
            "shop",
            "openssl",
            "pkcs8",
            "topk8",
            "nocrypt",
            "key",
            "pem",
            "admin",
            "UTC",
            "GMT",
            "BotFather",
            "favicon",
            // The flag targets' JSON keys, which the merchant types as they are.
            "allow",
            "deny",
            "emails",
            "addresses",
            "languages",
            // Values and file types typed or picked as they are.
            "true",
            "false",
            "jar",
            "zip",
            "svg");

    /** An element marked English without being marked as data: what the store writes in English must be a message. */
    private static final Pattern LANG_EN_NOT_DATA =
            Pattern.compile("<(?![^>]*\\btranslate=\"no\")[a-z0-9]+\\b[^>]*\\blang=\"en\"[^>]*>");

    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z_]{2,}");
    private static final Pattern LINK = Pattern.compile("href=\"(/admin[^\"#]*)\"");
    private static final Pattern ATTRIBUTE = Pattern.compile("(?:placeholder|title|aria-label|alt)=\"([^\"]*)\"");

    @Test
    void everyAdminPageInChineseIsTranslated() {
        try (TestStore store = TestStore.start()) {
            long productId = store.createProduct("Coverage game", 990, "CNY");
            store.importKeys(productId, List.of("COVER-1", "COVER-2", "COVER-3"));
            Http.Answer placed = store.order(productId, 1);
            String orderNo = placed.json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 990, "COVER-" + orderNo).status())
                    .isEqualTo(200);
            store.http().adminPostJson("/api/admin/coupons", Map.of("code", "COVER10", "percentOff", 10));
            assertThat(store.http()
                            .adminPostJson(
                                    "/api/admin/users",
                                    Map.of("username", "boss", "password", PASSWORD, "role", "owner"))
                            .status())
                    .isEqualTo(201);
            AdminClient owner = new AdminClient(store.baseUrl());
            assertThat(owner.signIn("boss", PASSWORD).status()).isEqualTo(303);
            owner.header("Accept-Language", "zh-CN");
            // What the test itself put into the store is the merchant's own text, not the admin's.
            Set<String> typedHere = Set.of("Coverage", "game", "COVER", "boss", orderNo, "buyer", "sandbox", "payment");

            Map<String, Set<String>> english = new java.util.TreeMap<>();
            Set<String> seen = new LinkedHashSet<>();
            Set<String> untaggedEnglish = new TreeSet<>();
            Deque<String> toVisit = new ArrayDeque<>(List.of(
                    "/admin",
                    "/admin/orders/" + orderNo,
                    "/admin/products/" + productId + "/keys",
                    "/admin/payments",
                    "/admin/settings/mail",
                    "/admin/settings/channels",
                    "/admin/settings/telegram",
                    "/admin/settings/branding"));
            while (!toVisit.isEmpty() && seen.size() < 80) {
                String path = toVisit.pop();
                if (!seen.add(path)) {
                    continue;
                }
                AdminClient.Page page = owner.get(path);
                if (page.status() != 200
                        || !String.valueOf(page.header("Content-Type")).startsWith("text/html")) {
                    continue;
                }
                Set<String> words = englishWords(page.body(), typedHere);
                if (LANG_EN_NOT_DATA.matcher(page.body()).find()) {
                    untaggedEnglish.add(path);
                }
                if (!words.isEmpty()) {
                    english.put(path, words);
                }
                Matcher link = LINK.matcher(page.body());
                while (link.find()) {
                    String next = link.group(1).replace("&amp;", "&");
                    if (crawlable(next) && !seen.contains(next)) {
                        toVisit.add(next);
                    }
                }
            }
            assertThat(seen).as("pages crawled").hasSizeGreaterThan(15);
            assertThat(english)
                    .as(
                            "English words on admin pages in zh-CN (translate them; only true data - a name, a key, a plugin's or gateway's own text - is marked translate=\"no\")")
                    .isEmpty();
            assertThat(untaggedEnglish)
                    .as("lang=\"en\" on zh-CN pages is only for data, which carries translate=\"no\" too")
                    .isEmpty();
        }
    }

    private static boolean crawlable(String path) {
        return !path.startsWith("/admin/static/")
                && !path.endsWith(".csv")
                && !path.contains("lang=")
                && !path.equals("/admin/logout")
                // A plugin's settings form: its labels come from the plugin (see the class comment).
                && !path.matches("/admin/plugins/[^/?]+.*");
    }

    /** English words a person would read on the page: text and a few attributes, outside script, style and lang="en". */
    static Set<String> englishWords(String html, Set<String> typedHere) {
        String visible = html.replaceAll("(?is)<(script|style|code|pre|textarea|option)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?is)<([a-z0-9]+)[^>]*\\btranslate=\"no\"[^>]*>.*?</\\1>", " ");
        List<String> texts = new ArrayList<>();
        Matcher attribute = ATTRIBUTE.matcher(visible);
        while (attribute.find()) {
            texts.add(attribute.group(1));
        }
        texts.add(visible.replaceAll("(?s)<[^>]*>", " "));
        texts.replaceAll(t -> t.replaceAll("&[a-z]+;|&#[0-9]+;", " "));
        Set<String> words = new TreeSet<>();
        for (String text : texts) {
            String plain = text.replace("&amp;", "&")
                    .replaceAll("[\\w.+-]+@[\\w.-]+", " ")
                    .replaceAll("https?://\\S+", " ")
                    .replaceAll("[A-Za-z]*(/[A-Za-z_]+)+", " ") // paths, zone ids, bot commands
                    .replaceAll("@\\w+", " ");
            Matcher word = WORD.matcher(plain);
            while (word.find()) {
                String w = word.group();
                boolean typed = typedHere.stream().anyMatch(t -> t.equalsIgnoreCase(w) || w.startsWith(t));
                if (!SAME_IN_BOTH.contains(w) && !typed && !w.equals(w.toUpperCase())) {
                    words.add(w);
                }
            }
        }
        return words;
    }
}
