package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.Http;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 24's browser acceptance, in a real (headless) Chromium: an affiliate takes a referral link on "My account";
 * a new buyer follows it, signs up with the code read from GreenMail, buys through the sandbox and finds the order in
 * their account; the affiliate sees the commission pending, and once the refund window has passed on the store's
 * (test) clock, available. The ledger's invariants hold afterwards.
 */
@BrowserTest
class AffiliateBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern CODE = Pattern.compile("Your sign-in code: ([0-9]{6})");

    private GreenMail smtp;
    private TestStore store;
    private MutableClock clock;

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
        clock = MutableClock.now();
        // The test releases commissions itself, when the clock says so; the sweeper would race it.
        store = TestStore.builder()
                .clock(clock)
                .env(
                        "KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS",
                        Long.toString(Duration.ofDays(1).toMillis()))
                .start();
        store.mailThrough(smtp.getSmtp().getPort());
        assertThat(store.http()
                        .adminPutJson("/api/admin/settings", Map.of("affiliateHoldDays", "7"))
                        .status())
                .isEqualTo(200);
        Http.Answer rule = store.http()
                .adminPostJson(
                        "/api/admin/affiliates/rules",
                        Map.of("scope", "store", "target", "", "level", 1, "kind", "percent", "amount", 1000));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
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
    void aBuyerSignsUpAndBuysThroughAReferralLinkAndTheAffiliateSeesTheCommissionPendingThenAvailable()
            throws Exception {
        long product = store.createProduct("Referral game", 990, "CNY");
        store.importKeys(product, List.of("REFERRED-KEY-1"));
        ChromeDriver driver = browser();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        try {
            // The affiliate takes a link on their account page.
            signIn(driver, wait, "partner@example.com");
            scrollTo(driver, wait.until(ExpectedConditions.presenceOfElementLocated(By.id("referral-join-submit"))))
                    .click();
            String link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-link")))
                    .getText();
            assertThat(link).contains("/?ref=");
            assertThat(driver.findElement(By.id("referral-pending")).getText()).isEqualTo("Nothing yet.");
            signOut(driver, wait);

            // A new buyer follows it, signs up with the mailed code, buys, and finds the order in the account.
            driver.get(store.baseUrl() + link.substring(link.indexOf("/?ref=")));
            signIn(driver, wait, "newcomer@example.com");
            driver.get(store.baseUrl() + "/products/" + product);
            scrollTo(driver, wait.until(ExpectedConditions.elementToBeClickable(By.id("buy"))))
                    .click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "delivered"));
            String orderNo = driver.findElement(By.id("order-no")).getText();
            driver.get(store.baseUrl() + "/account");
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#account-orders li[data-order='" + orderNo + "']")));
            assertThat(driver.findElement(By.id("referral-join-submit")).isDisplayed())
                    .as("the buyer has no link of their own yet")
                    .isTrue();
            signOut(driver, wait);

            // The affiliate sees the commission (10% of 9.90) pending, nothing available yet.
            signIn(driver, wait, "partner@example.com");
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-orders")))
                            .getText())
                    .isEqualTo("1");
            assertThat(driver.findElement(By.id("referral-clicks")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.id("referral-pending")).getText()).contains("0.99");
            assertThat(driver.findElement(By.id("referral-available")).getText())
                    .isEqualTo("Nothing yet.");

            // Seven days on the store's clock: the order can no longer be refunded and the commission is available.
            clock.advance(Duration.ofDays(7).plusMinutes(1));
            assertThat(store.app().commissions().releaseDue()).isEqualTo(1);
            driver.get(store.baseUrl() + "/account");
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-available")))
                            .getText())
                    .contains("0.99");
            assertThat(driver.findElement(By.id("referral-pending")).getText()).isEqualTo("Nothing yet.");
            noSidewaysScroll(driver);
        } finally {
            driver.quit();
        }
    }

    private void signIn(ChromeDriver driver, WebDriverWait wait, String email) throws Exception {
        driver.get(store.baseUrl() + "/account/sign-in");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-email-field")))
                .sendKeys(email);
        int mailsBefore = codeMailsTo(email).size();
        driver.findElement(By.id("send-code")).click();
        WebElement codeField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-code-field")));
        store.app().mailOutbox().sendDue();
        codeField.sendKeys(codeMailedTo(email, mailsBefore));
        driver.findElement(By.id("sign-in-submit")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-email")))
                        .getText())
                .isEqualTo(email);
    }

    private static void signOut(ChromeDriver driver, WebDriverWait wait) {
        scrollTo(driver, driver.findElement(By.id("sign-out-submit"))).click();
        // The old page's link (still "My account") is clickable until the signed-out page replaces it: wait for the
        // new page's text, not for the element.
        assertThat(wait.until(ExpectedConditions.textToBe(By.id("nav-account"), "Sign in")))
                .as("the signed-out page says Sign in")
                .isTrue();
    }

    /**
     * The code of the sign-in mail to {@code email} after the first {@code skip} ones. Counted per recipient:
     * GreenMail lists received mail mailbox by mailbox, so an index over all of them is not arrival order.
     */
    private String codeMailedTo(String email, int skip) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> codes = codeMailsTo(email);
            if (codes.size() > skip) {
                return codes.get(codes.size() - 1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no new sign-in code mail to " + email);
    }

    /** The codes mailed to {@code email}, in the order they arrived. */
    private List<String> codeMailsTo(String email) throws Exception {
        List<String> codes = new java.util.ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            Matcher m = CODE.matcher(message.getSubject());
            if (m.find() && message.getAllRecipients()[0].toString().equals(email)) {
                codes.add(m.group(1));
            }
        }
        return codes;
    }

    private static void noSidewaysScroll(ChromeDriver driver) {
        Object wider = driver.executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
        assertThat(wider).as("the page scrolls sideways").isEqualTo(false);
    }

    private static WebElement scrollTo(ChromeDriver driver, WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        return element;
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
