package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.kamishop.plugins.epay.FakeEpay;
import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A buyer in a real (headless) Chromium pays through an EPay aggregator on plain http: the product
 * page offers each enabled type as its own choice, the checkout form leads to the aggregator's
 * submit.php (which the store's form-action policy must allow), the aggregator notifies the store
 * with a GET and sends the buyer back to the order, which shows the keys. In English and Chinese.
 */
@BrowserTest
class EpayBuyerBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static TestStore store;
    private static FakeEpay epay;
    private static final List<Path> PROFILES = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String reason = "headless Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + reason);
        }
        if (!present) {
            System.err.println("SKIPPED EpayBuyerBrowserTest: " + reason);
        }
        Assumptions.assumeTrue(present, "SKIPPED browser tests: " + reason);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        epay = new FakeEpay(Clock.systemUTC(), 1);
        store = TestStore.start();
        Http.Answer configured = store.http()
                .adminPutJson("/api/admin/plugins/payment-epay/config", epay.pluginConfig("submit", "alipay\nwxpay"));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (epay != null) {
            epay.close();
        }
        for (Path profile : PROFILES) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temp profile is harmless.
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh-CN"})
    void buyerChoosesAlipayThroughEpayPaysAtTheAggregatorAndGetsTheKeys(String lang) throws IOException {
        boolean chinese = lang.equals("zh-CN");
        long productId = store.createProduct("EPay journey " + lang, 990, "CNY");
        List<String> keys = List.of("EPAY-" + lang + "-1");
        store.importKeys(productId, keys);
        // A fixed 0.10 surcharge on the Alipay choice only: the buyer must see it before choosing, and pay it.
        var saved = store.http()
                .adminPutJson(
                        "/api/admin/settings",
                        java.util.Map.of(
                                "channelFees", java.util.Map.of("epay-alipay", java.util.Map.of("fixed", 10))));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);

        ChromeDriver driver = browser(lang);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            driver.get(store.baseUrl() + "/products/" + productId);
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo(lang);

            WebElement alipay = driver.findElement(By.cssSelector("input[name='channel'][value='epay-alipay']"));
            assertThat(alipay.findElement(By.xpath("..")).getText()).contains("Alipay 支付宝");
            assertThat(driver.findElement(By.id("fee-epay-alipay")).getText())
                    .as("the fee shown beside the choice")
                    .contains("0.10")
                    .contains("10.00")
                    .contains(chinese ? "手续费" : "fee");
            assertThat(driver.findElement(By.id("fee-epay-wxpay")).getText())
                    .as("no fee on the other choice")
                    .isBlank();
            assertThat(driver.findElements(By.cssSelector("input[name='channel'][value='epay-wxpay']")))
                    .hasSize(1);
            assertThat(driver.findElements(By.cssSelector("input[name='channel'][value='epay']")))
                    .isEmpty();
            driver.findElement(By.id("email")).sendKeys("buyer@example.com");
            alipay.click();
            driver.findElement(By.id("buy")).click();

            // The checkout's 303 leads to the aggregator's http submit.php, signed for this order and type.
            WebElement pay = wait.until(ExpectedConditions.elementToBeClickable(By.id("pay")));
            assertThat(driver.getCurrentUrl()).startsWith(epay.base() + "submit.php?");
            assertThat(driver.findElement(By.id("cashier")).getText()).isEqualTo("alipay 10.00");
            String orderNo = driver.findElement(By.id("order")).getText();
            pay.click();

            wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "delivered"));
            assertThat(driver.getCurrentUrl()).startsWith(store.baseUrl() + "/orders/" + orderNo);
            assertThat(driver.findElement(By.id("status")).getText()).isEqualTo(chinese ? "已发货" : "Delivered");
            assertThat(driver.findElements(By.cssSelector("#keys .key")).stream()
                            .map(WebElement::getText)
                            .toList())
                    .containsExactlyElementsOf(keys);
            assertThat(epay.notifyAnswers).contains("200 success");
            assertThat(epay.calls("/submit.php"))
                    .anySatisfy(c -> assertThat(c.params())
                            .containsEntry("out_trade_no", orderNo)
                            .containsEntry("type", "alipay")
                            .containsEntry("money", "10.00"));
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
                "--window-size=1280,900",
                "--lang=" + acceptLanguage);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
        return new ChromeDriver(options);
    }
}
