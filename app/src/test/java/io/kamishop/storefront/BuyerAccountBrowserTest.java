package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.testing.BrowserTest;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A buyer account in a real (headless) Chromium, on a phone (390 px) and a desktop: sign in with the mailed
 * code, buy through the sandbox, find the order under "My account"; the merchant grants store credit on the
 * admin's Buyers page; the buyer pays the next order from the balance. The ledger's invariants hold afterwards.
 */
@BrowserTest
class BuyerAccountBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern CODE = Pattern.compile("Your sign-in code: ([0-9]{6})");
    private static final String ADMIN_PASSWORD = "buyer browser password";

    private static GreenMail smtp;
    private static TestStore store;

    @BeforeAll
    static void start() {
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
        assertThat(store.http()
                        .adminPostJson("/api/admin/users", Map.of("username", "merchant", "password", ADMIN_PASSWORD))
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
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

    static Stream<Arguments> screens() {
        return Stream.of(Arguments.of("phone", 390, 844), Arguments.of("desktop", 1280, 900));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void aSignedInBuyerSeesTheirOrderAndPaysTheNextFromCreditTheMerchantGranted(String screen, int width, int height)
            throws Exception {
        String email = screen + "@example.com";
        long product = store.createProduct("Account game " + screen, 990, "CNY");
        store.importKeys(product, List.of("SANDBOX-" + screen, "BALANCE-" + screen));
        ChromeDriver driver = browser(width, height);
        WebDriverWait wait = waiting(driver);
        try {
            // Sign in: the layout's link, the address, the mailed code.
            driver.get(store.baseUrl() + "/");
            WebElement signInLink = wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-account")));
            assertThat(signInLink.getText()).isEqualTo("Sign in");
            signInLink.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-email-field")))
                    .sendKeys(email);
            driver.findElement(By.id("send-code")).click();
            WebElement codeField =
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-code-field")));
            noSidewaysScroll(driver);
            store.app().mailOutbox().sendDue();
            codeField.sendKeys(codeMailedTo(email));
            driver.findElement(By.id("sign-in-submit")).click();
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-email")))
                            .getText())
                    .isEqualTo(email);
            assertThat(driver.findElement(By.id("nav-account")).getText()).isEqualTo("My account");

            // A sandbox purchase, the address filled in from the account.
            driver.get(store.baseUrl() + "/products/" + product);
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")))
                            .getAttribute("value"))
                    .isEqualTo(email);
            assertThat(driver.findElement(By.id("balance-choice")).getText())
                    .contains("Pay from balance")
                    .contains("0.00 available");
            driver.findElement(By.id("buy")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "delivered"));
            String sandboxOrder = driver.findElement(By.id("order-no")).getText();

            driver.get(store.baseUrl() + "/account");
            WebElement listed = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#account-orders li[data-order='" + sandboxOrder + "']")));
            assertThat(listed.findElement(By.className("keys-link")).getAttribute("href"))
                    .contains("/orders/" + sandboxOrder + "/keys.txt");
            noSidewaysScroll(driver);

            // The merchant grants 20.00 on the Buyers page.
            driver.get(store.baseUrl() + "/admin/login");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys("merchant");
            driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
            driver.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("me")));
            driver.get(store.baseUrl() + "/admin/buyers");
            assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buyers")))
                            .getText())
                    .contains(email.charAt(0) + "***@example.com")
                    .doesNotContain(email);
            driver.findElement(By.id("grant-email")).sendKeys(email);
            driver.findElement(By.id("grant-amount")).sendKeys("20.00");
            driver.findElement(By.id("grant-memo")).sendKeys("welcome back");
            scrollTo(driver, driver.findElement(By.id("grant-submit"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("flash")));
            assertThat(driver.findElement(By.id("buyer-balance")).getText()).contains("20.00");
            assertThat(driver.findElement(By.id("statement")).getText()).contains("welcome back");

            // Back in the shop: the balance pays the next order and the keys are there at once.
            driver.get(store.baseUrl() + "/products/" + product);
            WebElement choice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("balance-choice")));
            assertThat(choice.getText()).contains("20.00 available");
            scrollTo(driver, driver.findElement(By.id("channel-balance"))).click();
            scrollTo(driver, driver.findElement(By.id("buy"))).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "delivered"));
            String balanceOrder = driver.findElement(By.id("order-no")).getText();
            assertThat(driver.getPageSource()).contains("BALANCE-" + screen);

            driver.get(store.baseUrl() + "/account");
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-balance")))
                            .getText())
                    .contains("10.10");
            assertThat(driver.findElement(By.id("account-orders")).getText())
                    .contains(balanceOrder)
                    .contains(sandboxOrder);
            scrollTo(driver, driver.findElement(By.id("sign-out-submit"))).click();
            // The old page's link (still "My account") is clickable until the signed-out page replaces it: wait for the
            // new page's text, not for the element.
            assertThat(wait.until(ExpectedConditions.textToBe(By.id("nav-account"), "Sign in")))
                    .as("the signed-out page says Sign in")
                    .isTrue();
        } finally {
            driver.quit();
        }
        LedgerInvariants.hold(store.app().database());
    }

    private static void noSidewaysScroll(ChromeDriver driver) {
        Object wider = driver.executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
        assertThat(wider)
                .as("the page scrolls sideways at " + driver.manage().window().getSize())
                .isEqualTo(false);
    }

    private static WebElement scrollTo(ChromeDriver driver, WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        return element;
    }

    private static String codeMailedTo(String email) throws Exception {
        assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        for (int i = received.length - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(received[i].getSubject());
            if (m.find() && received[i].getAllRecipients()[0].toString().equals(email)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no sign-in code mail to " + email + " among " + received.length);
    }

    private static WebDriverWait waiting(ChromeDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
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
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }
}
