package io.kamishop.payment;

import static io.kamishop.testing.BrowserChecks.assertNoConsoleErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.kamishop.plugins.usdt.FakeUsdtGateway;
import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A buyer pays with USDT in a real (headless) Chromium, in English and in Chinese: product, the
 * USDT choice, the plugin's cashier page (exact coin amount, address and its QR code, a countdown
 * that ticks under the store's strict CSP), the gateway's callback, then the keys.
 */
@BrowserTest
class UsdtCashierBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final List<Path> PROFILES = new CopyOnWriteArrayList<>();
    private static FakeUsdtGateway gateway;
    private static TestStore store;

    @BeforeAll
    static void start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String reason = "headless Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + reason);
        }
        if (!present) {
            System.err.println("SKIPPED UsdtCashierBrowserTest: " + reason);
        }
        Assumptions.assumeTrue(present, "SKIPPED browser tests: " + reason);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        // The real clock: the page's countdown runs on the browser's clock against the store's deadline.
        gateway = new FakeUsdtGateway(Clock.systemUTC());
        store = TestStore.builder()
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        Http.Answer configured =
                store.http().adminPutJson("/api/admin/plugins/payment-usdt/config", gateway.pluginConfig());
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        for (Path profile : PROFILES) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temp profile is harmless.
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh-CN"})
    void aBuyerSeesTheExactCoinAmountAndAddressPaysAndGetsTheKeys(String lang) throws IOException {
        boolean chinese = lang.equals("zh-CN");
        long productId = store.createProduct("USDT journey " + lang, 1250, "CNY");
        store.importKeys(productId, List.of("USDT-KEY-" + lang));
        // A fixed 0.50 surcharge on USDT: shown beside the choice, and part of what the gateway is asked for.
        Http.Answer saved = store.http()
                .adminPutJson(
                        "/api/admin/settings",
                        java.util.Map.of("channelFees", java.util.Map.of("usdt", java.util.Map.of("fixed", 50))));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);

        ChromeDriver driver = browser(lang);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            driver.get(store.baseUrl() + "/products/" + productId);
            driver.findElement(By.id("email")).sendKeys("buyer@example.com");
            WebElement usdt = driver.findElement(By.cssSelector("input[name='channel'][value='usdt']"));
            assertThat(driver.findElement(By.id("fee-usdt")).getText())
                    .as("the fee shown beside the choice")
                    .contains("0.50")
                    .contains("13.00")
                    .contains(chinese ? "手续费" : "fee");
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", usdt);
            assertThat(usdt.isSelected()).isTrue();
            driver.findElement(By.id("buy")).click();

            wait.until(ExpectedConditions.urlContains("/pay/usdt/cashier"));
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo(lang);
            assertThat(driver.findElement(By.cssSelector("h1.crypto")).getText())
                    .isEqualTo("1.81 USDT"); // (12.50 + 0.50 fee) ÷ 7.2
            assertThat(driver.findElement(By.cssSelector(".fiat")).getText()).isEqualTo("13.00 CNY");
            assertThat(driver.findElement(By.id("address")).getText()).isEqualTo(FakeUsdtGateway.ADDRESS);
            assertThat(driver.findElement(By.cssSelector(".qr svg path")).getAttribute("d"))
                    .startsWith("M");
            assertThat(driver.findElement(By.cssSelector(".countdown")).getText())
                    .contains(chinese ? "剩余时间" : "Time left");
            // The stylesheet and the countdown script load from the store's origin under its CSP.
            assertThat(driver.findElement(By.cssSelector(".brand")).getCssValue("color"))
                    .isEqualTo("rgba(38, 161, 123, 1)");
            WebElement left = driver.findElement(By.cssSelector(".countdown .left"));
            String first = left.getText();
            assertThat(first).matches("1[0-5]:[0-5][0-9]");
            wait.until(d -> !left.getText().equals(first));

            String orderNo = driver.findElement(By.cssSelector(".order code")).getText();
            Http.Answer callback = store.http()
                    .postRaw(
                            "/api/payments/usdt/notify",
                            gateway.paidCallback(orderNo).getBytes(StandardCharsets.UTF_8),
                            "Content-Type",
                            "application/json");
            assertThat(callback.body()).isEqualTo("ok");

            driver.findElement(By.id("done")).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "delivered"));
            assertThat(driver.findElement(By.id("status")).getText()).isEqualTo(chinese ? "已发货" : "Delivered");
            assertThat(driver.findElements(By.cssSelector("#keys .key")).stream()
                            .map(WebElement::getText)
                            .toList())
                    .containsExactly("USDT-KEY-" + lang);
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    private static ChromeDriver browser(String acceptLanguage) throws IOException {
        Path profile = Files.createTempDirectory("kamishop-chromium");
        PROFILES.add(profile);
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
                "--window-size=390,844",
                "--lang=" + acceptLanguage);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(options);
        driver.manage().window().setSize(new Dimension(390, 844));
        return driver;
    }
}
