package io.kamishop.storefront;

import static io.kamishop.testing.BrowserChecks.assertFitsTheWindow;
import static io.kamishop.testing.BrowserChecks.assertNoConsoleErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A buyer finding things in a real (headless) Chromium, on a desktop and a 390 px phone: a category
 * from the navigation, a search from the header, and a product page whose total follows the quantity
 * through its wholesale tiers and channel fee, all under the store's Content-Security-Policy.
 */
@BrowserTest
class CatalogBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static TestStore store;

    @BeforeAll
    static void start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String reason = "headless Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + reason);
        }
        if (!present) {
            System.err.println("SKIPPED CatalogBrowserTest: " + reason);
        }
        Assumptions.assumeTrue(present, "SKIPPED browser tests: " + reason);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        store = TestStore.start();
        // A 10% fee on the sandbox channel: the page shows it per channel and it follows the quantity too.
        assertThat(store.http()
                        .adminPutJson(
                                "/api/admin/settings", Map.of("channelFees", Map.of("sandbox", Map.of("percent", 10))))
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    static Stream<Arguments> screens() {
        return Stream.of(Arguments.of("desktop", 1280, 900), Arguments.of("phone", 390, 844));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void buyerBrowsesACategorySearchesAndSeesTheTotalFollowTheQuantity(String device, int width, int height) {
        String category = "Browse " + device;
        long tiered = product("Tiered " + device + " card", 1000, category, "Works **worldwide**.");
        store.importKeys(
                tiered,
                java.util.stream.IntStream.rangeClosed(1, 12)
                        .mapToObj(i -> device + "-KEY-" + i)
                        .toList());
        assertThat(store.http()
                        .adminPutJson(
                                "/api/admin/products/" + tiered + "/pricing",
                                Map.of(
                                        "minQuantity",
                                        1,
                                        "tiers",
                                        List.of(
                                                Map.of("minQuantity", 5, "unitPrice", 800),
                                                Map.of("minQuantity", 10, "unitPrice", 700))))
                        .status())
                .isEqualTo(200);
        long sibling = product("Sibling " + device + " card", 500, category, "");
        long elsewhere = product("Zircon " + device + " elsewhere", 200, "Other " + device, "");

        ChromeDriver driver = browser(width, height);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            driver.get(store.baseUrl() + "/");
            assertFitsTheWindow(driver);

            // Browse by category from the navigation.
            WebElement link = driver.findElement(By.cssSelector("#categories a[data-category='" + category + "']"));
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({inline: 'center'});", link);
            link.click();
            wait.until(ExpectedConditions.textToBe(By.id("category-heading"), category));
            assertThat(cardIds(driver)).containsExactlyInAnyOrder(tiered, sibling);
            assertThat(driver.findElement(By.cssSelector("#categories a[aria-current='page']"))
                            .getText())
                    .isEqualTo(category);
            assertFitsTheWindow(driver);

            // Sort by price: the select applies itself (script), cheapest first.
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("sort"))).selectByValue("price");
            wait.until(ExpectedConditions.urlContains("sort=price"));
            assertThat(cardIds(driver)).containsExactly(sibling, tiered);

            // Search from the header.
            WebElement search = driver.findElement(By.id("search-q"));
            search.sendKeys("zircon " + device);
            search.sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("search-heading")));
            assertThat(cardIds(driver)).containsExactly(elsewhere);
            assertThat(driver.findElement(By.id("result-count")).getText()).isEqualTo("1 product");
            assertFitsTheWindow(driver);

            // The product page: tiers as a table, and the total follows the quantity.
            driver.get(store.baseUrl() + "/products/" + tiered);
            assertThat(driver.findElements(By.cssSelector("#tiers tbody tr")).stream()
                            .map(WebElement::getText)
                            .toList())
                    .containsExactly("1–4 CN¥10.00", "5–9 CN¥8.00", "10 or more CN¥7.00");
            assertThat(driver.findElement(By.id("total")).getText()).isEqualTo("CN¥10.00");
            assertThat(driver.findElement(By.id("fee-sandbox")).getText())
                    .contains("CN¥1.00")
                    .contains("CN¥11.00");
            assertThat(driver.findElement(By.cssSelector("#description strong")).getText())
                    .isEqualTo("worldwide");
            assertThat(driver.findElement(By.id("update-total")).isDisplayed())
                    .as("no-script button hidden")
                    .isFalse();
            assertThat(driver.findElement(By.id("trust")).getText()).contains("encrypted");
            assertThat(driver.findElement(By.id("pay-marks")).getText()).isNotBlank();
            assertThat(driver.findElement(By.id("coupon")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.id("lookupPassword")).isDisplayed())
                    .isTrue();

            WebElement quantity = driver.findElement(By.id("quantity"));
            quantity.clear();
            quantity.sendKeys("6");
            wait.until(ExpectedConditions.textToBe(By.id("total"), "CN¥48.00"));
            assertThat(driver.findElement(By.id("unit-price")).getText()).isEqualTo("CN¥8.00");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fee-sandbox"), "CN¥52.80"));
            assertThat(driver.findElement(By.cssSelector("#tiers tr.current")).getText())
                    .startsWith("5–9");
            quantity.sendKeys(Keys.BACK_SPACE, "10");
            wait.until(ExpectedConditions.textToBe(By.id("total"), "CN¥70.00"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fee-sandbox"), "CN¥77.00"));
            assertFitsTheWindow(driver);
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    private static long product(String name, long price, String category, String description) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "name", name, "price", price, "currency", "CNY", "category", category, "description", description));
        return store.http()
                .adminPostJson("/api/admin/products", body)
                .json()
                .get("id")
                .asLong();
    }

    private static List<Long> cardIds(ChromeDriver driver) {
        return driver.findElements(By.cssSelector("#products a[data-product]")).stream()
                .map(a -> Long.parseLong(a.getAttribute("data-product")))
                .toList();
    }

    private static ChromeDriver browser(int width, int height) {
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
                "--window-size=" + width + "," + height,
                "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(options);
        driver.manage().window().setSize(new Dimension(width, height));
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
        return driver;
    }
}
