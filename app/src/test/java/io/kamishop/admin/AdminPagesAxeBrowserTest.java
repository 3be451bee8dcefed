package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.HeadlessChromium;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core (the pinned copy the storefront's check uses, in the test resources) finds no violation on
 * the admin pages a merchant lives in, on a desktop and on a 390 px phone, and none of them makes the
 * phone scroll sideways: at 390 px every list's rows are cards (a row fits the screen, each cell shows its
 * column's name). All of it in both admin languages.
 */
@BrowserTest
class AdminPagesAxeBrowserTest {

    private static final String PASSWORD = "axe admin password";

    @Test
    void adminPagesHaveNoAxeViolationsOnDesktopAndPhone() throws IOException {
        String axe;
        try (var in = AdminPagesAxeBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (TestStore store = TestStore.start()) {
            long productId = store.createProduct("Axe admin game", 990, "CNY");
            store.importKeys(productId, List.of("AXE-ADMIN-1", "AXE-ADMIN-2"));
            Http.Answer placed = store.order(productId, 1);
            String orderNo = placed.json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 990, "AXE-" + orderNo).status())
                    .isEqualTo(200);
            assertThat(store.http()
                            .adminPostJson(
                                    "/api/admin/users",
                                    Map.of("username", "boss", "password", PASSWORD, "role", "owner"))
                            .status())
                    .isEqualTo(201);
            assertThat(store.http()
                            .adminPostJson("/api/admin/coupons", Map.of("code", "AXE10", "percentOff", 10))
                            .status())
                    .isBetween(200, 201);
            // A second sale, refunded, so the refunds list has a row to draw as a card too.
            String refundedNo = store.order(productId, 1).json().get("orderNo").asText();
            assertThat(store.notifySandbox(refundedNo, 990, "AXE-" + refundedNo).status())
                    .isEqualTo(200);
            Http.Answer refund =
                    store.http().adminPostJson("/api/admin/orders/" + refundedNo + "/refund", Map.of("reason", "axe"));
            assertThat(refund.status()).as(refund.body()).isBetween(200, 202);
            List<String> pages = List.of(
                    "/admin",
                    "/admin/orders",
                    "/admin/orders/" + orderNo,
                    "/admin/products",
                    "/admin/products/" + productId + "/keys",
                    "/admin/coupons",
                    "/admin/buyers",
                    "/admin/audit",
                    "/admin/refunds",
                    "/admin/notifications",
                    "/admin/tokens",
                    "/admin/payments",
                    "/admin/reports",
                    "/admin/users",
                    "/admin/affiliates",
                    "/admin/withdrawals",
                    "/admin/ledger",
                    "/admin/settings",
                    "/admin/settings/theme");
            // The lists, each with at least one row in this store: at 390 px their rows must be cards. (Not the refused
            // notifications: this store has none, and the "none" line spans the row, unlabelled on purpose.)
            List<String> lists = List.of(
                    "/admin/orders",
                    "/admin/products",
                    "/admin/products/" + productId + "/keys",
                    "/admin/coupons",
                    "/admin/refunds",
                    "/admin/audit",
                    "/admin/users");
            Map<String, Object> notCards = new LinkedHashMap<>();

            ChromeDriver driver = HeadlessChromium.start();
            Map<String, List<?>> violations = new LinkedHashMap<>();
            Map<String, Long> overflow = new LinkedHashMap<>();
            Map<String, Object> wide = new LinkedHashMap<>();
            try {
                driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
                driver.get(store.baseUrl() + "/admin/login");
                driver.findElement(By.id("username")).sendKeys("boss");
                driver.findElement(By.id("password")).sendKeys(PASSWORD);
                driver.findElement(By.id("sign-in")).click();
                new WebDriverWait(driver, Duration.ofSeconds(30))
                        .until(d -> !d.findElements(By.id("me")).isEmpty());
                // Both admin languages: a Chinese label or button is not an English one's width, and a card's
                // labels are the headers' words in the page's language.
                for (String language : List.of("en", "zh-CN")) {
                    for (Dimension size : List.of(new Dimension(1280, 1000), new Dimension(390, 844))) {
                        driver.manage().window().setSize(size);
                        driver.get(store.baseUrl() + "/admin?lang=" + language); // remembered in a cookie
                        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang"))
                                .isEqualTo(language);
                        for (String path : pages) {
                            String where = language + " " + size.width + "px " + path;
                            driver.get(store.baseUrl() + path);
                            // WebDriver's script runs outside the page's CSP, which rightly refuses any injected
                            // script.
                            driver.executeScript(axe);
                            Object found = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                                    + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                                    + "  done(r.violations.map(function (v) {"
                                    + "    return v.id + ': ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); }));"
                                    + "}, function (e) { done(['axe failed: ' + e]); });");
                            if (!((List<?>) found).isEmpty()) {
                                violations.put(where, (List<?>) found);
                            }
                            if (size.width == 390) {
                                long px = ((Number)
                                                driver.executeScript(
                                                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
                                        .longValue();
                                overflow.put(where, px);
                                if (lists.contains(path)) {
                                    // The first row of the page's first list: drawn as a block no wider than the
                                    // screen,
                                    // its cells labelled (the label is shown, and is the column's header text).
                                    Object problem =
                                            driver.executeScript("var row = document.querySelector('table tbody tr');"
                                                    + "if (!row) { return 'no row'; }"
                                                    + "var w = document.documentElement.clientWidth, r = row.getBoundingClientRect();"
                                                    + "if (getComputedStyle(row).display === 'table-row') { return 'still a table row'; }"
                                                    + "if (r.width > w || r.right > w + 1) { return 'row is ' + Math.round(r.width) + ' px wide'; }"
                                                    + "var cell = row.querySelector('td[data-label]:not([data-label=\"\"])');"
                                                    + "if (!cell) { return 'no labelled cell'; }"
                                                    + "var label = getComputedStyle(cell, '::before');"
                                                    + "if (label.display === 'none' || label.content.indexOf(cell.getAttribute('data-label')) < 0) {"
                                                    + "  return 'label not shown: ' + label.content; }"
                                                    + "var heads = Array.prototype.map.call(row.closest('table').querySelectorAll('thead th'),"
                                                    + "  function (h) { return h.textContent.trim(); });"
                                                    + "if (heads.indexOf(cell.getAttribute('data-label')) < 0) { return 'label is no header: ' + cell.getAttribute('data-label'); }"
                                                    + "return null;");
                                    if (problem != null) {
                                        notCards.put(where, problem);
                                    }
                                }
                                if (px > 0) {
                                    // Which elements stick out, so a failure says what to fix.
                                    wide.put(
                                            where,
                                            driver.executeScript(
                                                    "var w = document.documentElement.clientWidth, out = [];"
                                                            + "document.querySelectorAll('body *').forEach(function (e) { var r = e.getBoundingClientRect();"
                                                            + " if (r.right > w + 1 && out.length < 5) { out.push(e.tagName + (e.id ? '#' + e.id : '')"
                                                            + " + (e.className ? '.' + e.className : '') + ' ' + Math.round(r.right)); } }); return out;"));
                                }
                            }
                        }
                    }
                }
            } finally {
                driver.quit();
            }
            assertThat(violations).as("axe violations on admin pages").isEmpty();
            assertThat(notCards).as("lists not drawn as cards at 390 px").isEmpty();
            assertThat(overflow)
                    .as("horizontal overflow in px at 390 px; sticking out: " + wide)
                    .allSatisfy((path, px) -> assertThat(px).as(path).isLessThanOrEqualTo(0));
        }
    }
}
