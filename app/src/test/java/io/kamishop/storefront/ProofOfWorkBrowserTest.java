package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** With proof of work on, a buyer's Chromium solves the challenge by itself (js/pow.js) and checks out as usual. */
@BrowserTest
class ProofOfWorkBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static TestStore store;

    @BeforeAll
    static void start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but headless Chromium is not installed");
        }
        Assumptions.assumeTrue(present, "SKIPPED browser tests: headless Chromium not installed");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        store = TestStore.start();
        // 16 bits, the default: what a real buyer's browser solves.
        Http.Answer on = store.http().adminPutJson("/api/admin/settings", Map.of("proofOfWork", true));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theBrowserSolvesTheChallengeAndTheBuyerChecksOutAndLooksUp() {
        long product = store.createProduct("Guarded in Chromium", 400, "CNY");
        store.importKeys(product, List.of("PB-1"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + io.kamishop.testing.ScratchDirs.create("kamishop-chromium"),
                "--window-size=390,844",
                "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            wait.ignoring(StaleElementReferenceException.class);
            driver.get(store.baseUrl() + "/products/" + product);
            driver.findElement(By.id("email")).sendKeys("solver@example.com");
            long started = System.nanoTime();
            driver.findElement(By.id("buy")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();
            System.out.printf(
                    "proof of work (16 bits) solved and order placed in %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "delivered"));
            assertThat(driver.findElement(By.cssSelector("#keys .key")).getText())
                    .isEqualTo("PB-1");

            driver.get(store.baseUrl() + "/lookup");
            driver.findElement(By.id("lookup-email")).sendKeys("solver@example.com");
            driver.findElement(By.id("lookup-password")).sendKeys("no such password");
            driver.findElement(By.id("password-submit")).click();
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-errors")))
                            .getText())
                    .isEqualTo("No order matches that email and lookup password. Please check both.");
            List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .filter(m -> !m.contains("favicon.ico"))
                    .toList();
            assertThat(errors).isEmpty();
        } finally {
            driver.quit();
        }
    }
}
