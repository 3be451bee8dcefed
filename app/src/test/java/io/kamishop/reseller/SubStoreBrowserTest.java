package io.kamishop.reseller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.db.Handles;
import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.Http;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.TestStore;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In a real (headless) Chromium: a buyer account applies as a reseller and sets its markup on its pages, the
 * merchant approves, a guest buys on the sub-store through the sandbox at the sub-store's price, and the reseller
 * sees the order and the pending earning. The ledger's invariants hold afterwards.
 */
@BrowserTest
class SubStoreBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern CODE = Pattern.compile("Your sign-in code: ([0-9]{6})");

    private GreenMail smtp;
    private TestStore store;

    @BeforeEach
    void start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String reason = "headless Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + reason);
        }
        Assumptions.assumeTrue(present, "SKIPPED browser tests: " + reason);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        store = TestStore.start();
        store.mailThrough(smtp.getSmtp().getPort());
    }

    @AfterEach
    void stop() {
        try {
            if (store != null) {
                LedgerInvariants.hold(store.app().database());
            }
        } finally {
            if (store != null) {
                store.close();
            }
            if (smtp != null) {
                smtp.stop();
            }
        }
    }

    @Test
    void aGuestBuysOnTheSubStoreAndTheResellerSeesThePendingMarkup() throws Exception {
        long product = store.createProduct("Sub-store game", 1000, "CNY");
        store.importKeys(product, List.of("SUB-1", "SUB-2"));
        String email = "reseller@example.com";
        ChromeDriver driver = browser();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        try {
            driver.get(store.baseUrl() + "/account/sign-in");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-email-field")))
                    .sendKeys(email);
            driver.findElement(By.id("send-code")).click();
            WebElement codeField =
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-code-field")));
            store.app().mailOutbox().sendDue();
            codeField.sendKeys(codeMailedTo(email));
            driver.findElement(By.id("sign-in-submit")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-reseller-link")))
                    .click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reseller-slug")))
                    .sendKeys("night-shop");
            driver.findElement(By.id("reseller-name")).sendKeys("Night Shop");
            driver.findElement(By.id("reseller-apply-submit")).click();
            assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reseller-status")))
                            .getAttribute("data-status"))
                    .isEqualTo("applied");
            long id = store.http()
                    .adminGet("/api/admin/resellers")
                    .json()
                    .get("resellers")
                    .get(0)
                    .get("id")
                    .asLong();
            assertThat(store.http()
                            .adminPostJson("/api/admin/resellers/" + id + "/approve", Map.of())
                            .status())
                    .isEqualTo(200);

            driver.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("markup-amount")))
                    .sendKeys("3.00");
            scrollTo(driver, driver.findElement(By.id("reseller-markup-submit")))
                    .click();
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#reseller-markups li[data-product='" + product + "']")));

            // A guest on the sub-store: its name, its price, the same sandbox checkout.
            driver.get(store.baseUrl() + "/s/night-shop/");
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("substore-name")))
                            .getText())
                    .isEqualTo("Night Shop");
            assertThat(driver.findElement(By.id("substore-price-" + product)).getText())
                    .contains("13.00");
            driver.findElement(By.id("email-" + product)).sendKeys("guest@example.com");
            WebElement sandbox =
                    driver.findElement(By.cssSelector("#substore-product-" + product + " input[value='sandbox']"));
            if (!sandbox.isSelected()) {
                scrollTo(driver, sandbox).click();
            }
            scrollTo(driver, driver.findElement(By.id("buy-" + product))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "delivered"));
            String orderNo = driver.findElement(By.id("order-no")).getText();
            assertThat(driver.getPageSource()).contains("SUB-");

            driver.get(store.baseUrl() + "/account/reseller");
            WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#reseller-orders li[data-order='" + orderNo + "']")));
            assertThat(row.getAttribute("data-status")).isEqualTo("pending");
            assertThat(driver.findElement(By.id("reseller-pending")).getText()).contains("3.00");
        } finally {
            driver.quit();
        }
    }

    @Test
    void aGuestOpensTheSubStoreProductPageChangesTheQuantityAndBuysAtDesktopAndPhoneWidth() throws Exception {
        long product = store.createProduct("Tiered game", 1000, "CNY");
        store.importKeys(
                product, IntStream.range(0, 12).mapToObj(i -> "TIER-" + i).toList());
        assertThat(store.http()
                        .adminPutJson(
                                "/api/admin/products/" + product + "/pricing",
                                Map.of("tiers", List.of(Map.of("minQuantity", 5, "unitPrice", 800))))
                        .status())
                .isEqualTo(200);
        // The reseller set up through the API (the pages are the other test's): 2.00 on every unit.
        String cookie = store.signInBuyer(smtp, "reseller@example.com");
        Http.Answer applied =
                sendAs(cookie, "POST", "/api/account/reseller", Map.of("slug", "night-shop", "name", "Night Shop"));
        assertThat(applied.status()).as(applied.body()).isEqualTo(201);
        assertThat(store.http()
                        .adminPostJson(
                                "/api/admin/resellers/"
                                        + applied.json().get("id").asLong() + "/approve",
                                Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(sendAs(
                                cookie,
                                "PUT",
                                "/api/account/reseller/markups/" + product,
                                Map.of("kind", "fixed", "amount", 200))
                        .status())
                .isEqualTo(200);

        ChromeDriver driver = browser();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        try {
            for (Dimension size : List.of(new Dimension(1280, 900), new Dimension(390, 844))) {
                driver.manage().window().setSize(size);
                driver.get(store.baseUrl() + "/s/night-shop/");
                scrollTo(
                                driver,
                                wait.until(ExpectedConditions.visibilityOfElementLocated(
                                        By.id("substore-link-" + product))))
                        .click();
                wait.until(ExpectedConditions.urlContains("/s/night-shop/products/" + product));
                assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("substore-name")))
                                .getText())
                        .isEqualTo("Night Shop");
                assertThat(driver.findElement(By.id("total")).getText()).contains("12.00");
                Number overflow = (Number) driver.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(overflow.intValue())
                        .as("no sideways scrolling at " + size)
                        .isLessThanOrEqualTo(0);

                // Five units reach the tier: 8.00 + 2.00 each, the total follows as the quantity is typed.
                WebElement quantity = scrollTo(driver, driver.findElement(By.id("quantity")));
                quantity.clear();
                quantity.sendKeys("5");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "50.00"));
                assertThat(driver.findElement(By.id("unit-price")).getText()).contains("10.00");

                driver.findElement(By.id("email")).sendKeys("guest@example.com");
                WebElement sandbox = driver.findElement(By.cssSelector("#checkout input[value='sandbox']"));
                if (!sandbox.isSelected()) {
                    scrollTo(driver, sandbox).click();
                }
                scrollTo(driver, driver.findElement(By.id("buy"))).click();
                scrollTo(driver, wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))))
                        .click();
                wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "delivered"));
                assertThat(driver.getPageSource()).contains("TIER-");
            }
        } finally {
            driver.quit();
        }
        long amounts = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM orders o JOIN reseller_orders r ON r.order_id = o.id"
                                + " WHERE o.amount = 5000 AND r.markup = 1000")
                        .mapTo(Long.class)
                        .one());
        assertThat(amounts)
                .as("two sub-store orders of 5 at 10.00, 2.00 a unit the reseller's")
                .isEqualTo(2);
    }

    private Http.Answer sendAs(String cookie, String method, String path, Object body) {
        return store.http()
                .send(
                        java.net.http.HttpRequest.newBuilder(store.http().uri(path))
                                .header("Cookie", cookie)
                                .header("Content-Type", "application/json")
                                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(Http.toJson(body))),
                        false);
    }

    private static WebElement scrollTo(ChromeDriver driver, WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        return element;
    }

    private String codeMailedTo(String email) throws Exception {
        assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        for (int i = received.length - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(received[i].getSubject());
            if (m.find() && received[i].getAllRecipients()[0].toString().equals(email)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no sign-in code mail to " + email);
    }

    private static ChromeDriver browser() {
        Path profile = io.kamishop.testing.ScratchDirs.create("kamishop-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1280,900",
                "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
        ChromeDriver driver = new ChromeDriver(options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }
}
