package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.kamishop.image.TestImages;
import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.TestStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A product with a picture in a real (headless) Chromium on a 390 px phone and a desktop: the browser
 * picks a size from the srcset that fits its screen, the picture loads, and nothing sticks out sideways.
 */
@BrowserTest
class ProductImageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static TestStore store;
    private static long product;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String reason = "headless Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + reason);
        }
        Assumptions.assumeTrue(present, "SKIPPED browser tests: " + reason);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        store = TestStore.start();
        product = store.createProduct("Pictured gift card with a rather long name that wraps on phones", 990, "CNY");
        store.importKeys(product, List.of("PICTURED-1"));
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/admin/products/" + product + "/image"))
                                .header("Authorization", "Bearer " + TestStore.ADMIN_TOKEN)
                                .header("Content-Type", "image/jpeg")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.picture("jpg", 2000, 1500, 9)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    static Stream<Arguments> screens() {
        return Stream.of(Arguments.of("phone", 390, 844), Arguments.of("desktop", 1280, 900));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void productPageShowsThePictureInASizeThatFitsTheScreen(String device, int width, int height) {
        ChromeDriver driver = browser(width, height);
        try {
            driver.get(store.baseUrl() + "/products/" + product);
            WebElement image = driver.findElement(By.id("product-image"));
            JavascriptExecutor js = driver;
            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(d -> Boolean.TRUE.equals(
                            js.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", image)));
            String chosen = (String) js.executeScript("return arguments[0].currentSrc;", image);
            assertThat(chosen).as("the size the browser chose").matches(".*/images/[0-9a-f]{32}-(320|640|1024)\\.jpg");
            assertThat(image.getAttribute("srcset"))
                    .contains("320w")
                    .contains("640w")
                    .contains("1024w");
            assertThat(image.getAttribute("alt")).startsWith("Pictured gift card");
            long shown = ((Number)
                            js.executeScript("return Math.round(arguments[0].getBoundingClientRect().width);", image))
                    .longValue();
            long viewport = ((Number) js.executeScript("return document.documentElement.clientWidth;")).longValue();
            assertThat(shown).isPositive().isLessThanOrEqualTo(viewport);
            // The box keeps the picture's 4:3 ratio (the width/height attributes reserved it before it loaded).
            long boxHeight = ((Number)
                            js.executeScript("return Math.round(arguments[0].getBoundingClientRect().height);", image))
                    .longValue();
            assertThat(boxHeight).isCloseTo(shown * 3 / 4, org.assertj.core.data.Offset.offset(2L));
            Object overflow = js.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) overflow).longValue())
                    .as("horizontal overflow in px")
                    .isLessThanOrEqualTo(0);

            driver.get(store.baseUrl() + "/search?q=Pictured");
            WebElement card = driver.findElement(By.cssSelector("#products .card-image"));
            assertThat(card.getAttribute("sizes")).isNotBlank();
            Object shelfOverflow = js.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) shelfOverflow).longValue())
                    .as("horizontal overflow of the shelf in px")
                    .isLessThanOrEqualTo(0);
        } finally {
            driver.quit();
        }
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
        ChromeDriver driver = new ChromeDriver(options);
        driver.manage().window().setSize(new Dimension(width, height));
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
        return driver;
    }
}
