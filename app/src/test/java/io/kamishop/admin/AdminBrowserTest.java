package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.HeadlessChromium;
import io.kamishop.testing.TestStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web admin in a real (headless) browser: what a merchant clicks through. */
@BrowserTest
class AdminBrowserTest {

    private static final String PASSWORD = "merchant password 1";
    private static final Duration IMPLICIT_WAIT = Duration.ofSeconds(10);
    private ChromeDriver browser;
    private TestStore store;

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.start();
        // Clicks start navigations; looking an element up waits for the next page instead of racing it.
        browser.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void firstAdminIsCreatedWithTheSetupCodeAndSignsIn() {
        store = TestStore.start();
        String code = store.app().admin().issueSetupCode().orElseThrow();
        open("/admin/login");
        browser.findElement(By.id("setup-link")).click();
        browser.findElement(By.id("setupCode")).sendKeys(code);
        browser.findElement(By.id("username")).sendKeys("owner");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("create-admin")).click();
        waitFor(d -> d.findElements(By.id("me")).size() == 1);
        assertThat(browser.findElement(By.id("me")).getText()).isEqualTo("owner");

        signOut();
        signIn("owner", PASSWORD);
        assertThat(browser.findElement(By.id("me")).getText()).isEqualTo("owner");
        assertThat(browser.findElement(By.id("today")).getText()).contains("Today");
        // and in Chinese
        open("/admin?lang=zh-CN");
        assertThat(browser.findElement(By.id("today")).getText()).contains("今日");
    }

    @Test
    void totpEnrolmentShowsAQrCodeThenSignInNeedsTheCode() throws Exception {
        store = TestStore.start();
        createAdmin("tina");
        signIn("tina", PASSWORD);
        open("/admin/account");
        browser.findElement(By.id("totp-begin")).click();
        String secret = browser.findElement(By.id("totp-secret")).getText();
        String uri = browser.findElement(By.id("totp-uri")).getText();
        assertThat(uri).startsWith("otpauth://totp/").contains("secret=" + secret);
        // The QR code on the page is what a phone would read: the same otpauth link.
        assertThat(readQr(browser.findElement(By.id("totp-qr")))).isEqualTo(uri);
        browser.findElement(By.id("totp-code")).sendKeys(Totp.code(secret, System.currentTimeMillis()));
        browser.findElement(By.id("totp-confirm")).click();
        waitFor(d -> !d.findElements(By.className("recovery-code")).isEmpty());
        assertThat(browser.findElements(By.className("recovery-code"))).hasSize(10);
        String recovery =
                browser.findElements(By.className("recovery-code")).get(0).getText();

        signOut();
        enterPassword("tina", PASSWORD);
        waitFor(d -> d.findElements(By.id("second-factor-form")).size() == 1);
        browser.findElement(By.id("code")).sendKeys("000000");
        browser.findElement(By.id("verify")).click();
        // The refusal is a new page: wait for it rather than racing the navigation.
        waitFor(d -> d.findElements(By.id("login-error")).size() == 1);
        assertThat(browser.findElement(By.id("login-error")).isDisplayed()).isTrue();
        waitFor(d -> d.findElements(By.id("code")).size() == 1);
        // The code of the next time step: the one used to enrol may not be replayed.
        browser.findElement(By.id("code"))
                .sendKeys(Totp.code(secret, System.currentTimeMillis() + Totp.STEP_SECONDS * 1000L));
        browser.findElement(By.id("verify")).click();
        waitFor(d -> d.findElements(By.id("me")).size() == 1);

        // A recovery code works once.
        signOut();
        enterPassword("tina", PASSWORD);
        waitFor(d -> d.findElements(By.id("second-factor-form")).size() == 1);
        browser.findElement(By.id("code")).sendKeys(recovery);
        browser.findElement(By.id("verify")).click();
        waitFor(d -> d.findElements(By.id("me")).size() == 1);
        signOut();
        enterPassword("tina", PASSWORD);
        waitFor(d -> d.findElements(By.id("second-factor-form")).size() == 1);
        browser.findElement(By.id("code")).sendKeys(recovery);
        browser.findElement(By.id("verify")).click();
        waitFor(d -> d.findElements(By.id("login-error")).size() == 1
                || d.findElements(By.id("me")).size() == 1);
        assertThat(presentNow(browser, By.id("me")))
                .as("a used recovery code signs nobody in")
                .isEmpty();
        assertThat(browser.findElement(By.id("login-error")).isDisplayed()).isTrue();
    }

    @Test
    void createAProductWithASanitisedMarkdownDescription() {
        store = TestStore.start();
        createAdmin("paul");
        signIn("paul", PASSWORD);
        open("/admin/products");
        browser.findElement(By.id("name")).sendKeys("Steam card 50");
        browser.findElement(By.id("price")).clear();
        browser.findElement(By.id("price")).sendKeys("49.90");
        browser.findElement(By.id("description"))
                .sendKeys("**Instant** delivery <script>window.pwned=1</script> [x](javascript:alert(1))");
        browser.findElement(By.id("create-product")).click();
        waitFor(d -> d.findElements(By.id("product-name")).size() == 1);
        assertThat(browser.findElement(By.id("product-name")).getText()).isEqualTo("Steam card 50");
        WebElement preview = browser.findElement(By.id("preview"));
        assertThat(preview.findElement(By.tagName("strong")).getText()).isEqualTo("Instant");
        assertThat(presentNow(preview, By.tagName("script"))).isEmpty();
        assertThat(preview.getText()).contains("<script>");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined"))
                .isEqualTo(true);
        assertThat(preview.findElement(By.tagName("a")).getAttribute("href")).doesNotStartWith("javascript");

        var products = store.http().adminGet("/api/admin/products").json();
        assertThat(products).anySatisfy(p -> {
            assertThat(p.get("name").asText()).isEqualTo("Steam card 50");
            assertThat(p.get("price").asLong()).isEqualTo(4990);
            assertThat(p.get("currency").asText()).isEqualTo("CNY");
        });
    }

    @Test
    void importKeysFromALargeFileWithProgressAndReport() throws Exception {
        store = TestStore.start();
        createAdmin("kate");
        long productId = store.createProduct("Bulk keys", 100, "CNY");
        store.importKeys(productId, List.of("KEY-000007"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            lines.add(String.format("KEY-%06d-%s", i, "abcdefghijklmnopqrstuvwxyz"));
        }
        lines.add("KEY-000001-abcdefghijklmnopqrstuvwxyz"); // repeated in the file
        lines.add("bad\u0001key"); // a control character
        lines.add("KEY-000007"); // stored before
        Path file = Files.createTempFile("keys", ".txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThat(Files.size(file)).isGreaterThan(3L * 512 * 1024); // several pieces

        signIn("kate", PASSWORD);
        open("/admin/products/" + productId);
        assertThat(browser.findElement(By.id("stock-available")).getText()).isEqualTo("1");
        // Record every progress value the page shows while the upload runs.
        ((JavascriptExecutor) browser)
                .executeScript(
                        "window.seen = []; new MutationObserver(function () {"
                                + " window.seen.push(document.getElementById('upload-percent').textContent); })"
                                + ".observe(document.getElementById('upload-percent'), {childList: true, characterData: true, subtree: true});");
        browser.findElement(By.id("key-file")).sendKeys(file.toString());
        browser.findElement(By.id("file-import")).click();
        new WebDriverWait(browser, Duration.ofSeconds(240))
                .until(d -> d.findElement(By.id("upload-state")).getAttribute("data-finished") != null);
        assertThat(browser.findElement(By.id("upload-state")).getAttribute("data-finished"))
                .isEqualTo("done");
        assertThat(browser.findElement(By.id("upload-percent")).getText()).isEqualTo("100%");
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) ((JavascriptExecutor) browser).executeScript("return window.seen;");
        assertThat(seen.stream().distinct().filter(v -> !v.equals("0%") && !v.equals("100%")))
                .isNotEmpty();
        assertThat(browser.findElement(By.id("upload-imported")).getText()).isEqualTo("60000");
        assertThat(browser.findElement(By.id("upload-duplicates")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("upload-rejected")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("upload-problems")).getText()).contains("60002");
        waitFor(d -> d.findElement(By.id("stock-available")).getText().equals("60001"));
        assertThat(store.stock(productId).get("available").asLong()).isEqualTo(60_001);
    }

    @Test
    void configureThePluginFromItsGeneratedFormWithTheSecretMasked() {
        store = TestStore.builder().env("KAMISHOP_SANDBOX_SECRET", "").start();
        createAdmin("pia");
        signIn("pia", PASSWORD);
        open("/admin/plugins");
        browser.findElement(By.id("plugin-payment-sandbox")).click();
        WebElement secret = browser.findElement(By.id("setting-secret"));
        assertThat(secret.getAttribute("type")).isEqualTo("password");
        assertThat(secret.getAttribute("value")).isEqualTo("********"); // generated on start, never shown
        secret.clear();
        secret.sendKeys(TestStore.SANDBOX_SECRET);
        browser.findElement(By.id("save-config")).click();
        waitFor(d -> d.findElements(By.id("flash")).size() == 1);
        assertThat(browser.findElement(By.id("setting-secret")).getAttribute("value"))
                .isEqualTo("********");
        assertThat(browser.getPageSource()).doesNotContain(TestStore.SANDBOX_SECRET);

        // The stored secret is the one the gateway now signs with: a notification signed with it pays.
        long productId = store.createProduct("Configured", 500, "CNY");
        store.importKeys(productId, List.of("CFG-1"));
        String orderNo = store.order(productId, 1).json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, 500, "cfg-trade").status()).isEqualTo(200);
        // Saving the masked value again keeps the secret.
        open("/admin/plugins/payment-sandbox");
        browser.findElement(By.id("save-config")).click();
        waitFor(d -> d.findElements(By.id("flash")).size() == 1);
        assertThat(store.app()
                        .plugins()
                        .settingsStore()
                        .stored("payment-sandbox")
                        .get("secret"))
                .isEqualTo(TestStore.SANDBOX_SECRET);
        assertThat(store.app().admin().audit().recent(20, Long.MAX_VALUE))
                .anyMatch(e -> e.action().equals("plugin.configure")
                        && e.detail().contains("secret")
                        && !e.detail().contains(TestStore.SANDBOX_SECRET));
    }

    @Test
    void theNotifierEventsAreCheckboxesInChineseAndWhatIsTickedIsWhatIsStored() {
        store = TestStore.start();
        createAdmin("mei");
        signIn("mei", PASSWORD);
        open("/admin/plugins/notify-telegram?lang=zh-CN");
        assertThat(browser.findElement(By.cssSelector("#field-events legend")).getText())
                .isEqualTo("提醒的事件");
        List<WebElement> boxes = browser.findElements(By.name("setting.events"));
        assertThat(boxes).hasSize(8).allMatch(b -> "checkbox".equals(b.getAttribute("type")) && b.isSelected());
        assertThat(browser.findElement(By.id("field-events")).getText()).contains("需要退款", "库存不足", "支付通知被拒绝");
        browser.findElement(By.id("setting-botToken")).sendKeys("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw");
        browser.findElement(By.id("setting-chatId")).sendKeys("-1001234567890");
        // Untick everything but "refund due" and "low stock", then save with the page's own button.
        for (WebElement box : boxes) {
            String value = box.getAttribute("value");
            if (!value.equals("order.refund_due") && !value.equals("stock.low")) {
                box.click();
            }
        }
        browser.findElement(By.id("save-config")).click();
        waitFor(d -> d.findElements(By.id("flash")).size() == 1);

        assertThat(store.app()
                        .plugins()
                        .settingsStore()
                        .stored("notify-telegram")
                        .get("events"))
                .isEqualTo("order.refund_due,stock.low");
        assertThat(browser.findElements(By.name("setting.events")))
                .filteredOn(WebElement::isSelected)
                .extracting(b -> b.getAttribute("value"))
                .containsExactly("order.refund_due", "stock.low");
    }

    @Test
    void orderTimelineShowsThePaymentAndDeliveryAndAPendingOrderCanBeCancelled() {
        store = TestStore.start();
        createAdmin("olga");
        long productId = store.createProduct("Timeline goods", 990, "CNY");
        store.importKeys(productId, List.of("T-1", "T-2"));
        String paid = store.order(productId, 1).json().get("orderNo").asText();
        assertThat(store.notifySandbox(paid, 990, "trade-tl-1").status()).isEqualTo(200);
        String pending = store.order(productId, 1).json().get("orderNo").asText();

        signIn("olga", PASSWORD);
        open("/admin/orders");
        browser.findElement(By.id("q")).sendKeys(paid);
        browser.findElement(By.id("search")).click();
        waitFor(d -> d.findElements(By.linkText(pending)).isEmpty());
        browser.findElement(By.linkText(paid)).click();
        waitFor(d -> d.findElements(By.id("timeline")).size() == 1);
        assertThat(browser.findElement(By.id("order-status")).getText()).contains("delivered");
        List<String> kinds = browser.findElements(By.cssSelector("#timeline li")).stream()
                .map(li -> li.getAttribute("data-kind"))
                .toList();
        assertThat(kinds).containsSubsequence("created", "paid", "paid", "delivered");
        assertThat(browser.findElement(By.id("timeline")).getText())
                .contains("trade-tl-1")
                .contains("1 key(s) delivered");

        open("/admin/orders/" + pending);
        browser.findElement(By.id("cancel-order")).click();
        browser.switchTo().alert().accept();
        waitFor(d -> d.findElements(By.id("flash")).size() == 1);
        assertThat(browser.findElement(By.id("order-status")).getText()).contains("cancelled");
        assertThat(store.stock(productId).get("available").asLong()).isEqualTo(1);
        assertThat(store.stock(productId).get("reserved").asLong()).isZero();
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        store = TestStore.start();
        createAdmin("cora");
        signIn("cora", PASSWORD);
        open("/admin/products");
        ((JavascriptExecutor) browser)
                .executeScript("document.querySelector('#product-form input[name=_csrf]').remove();");
        browser.findElement(By.id("name")).sendKeys("Should not exist");
        browser.findElement(By.id("price")).sendKeys("1.00");
        browser.findElement(By.id("create-product")).click();
        waitFor(d -> d.findElements(By.id("error-message")).size() == 1);
        assertThat(browser.findElement(By.id("error-message")).getText()).contains("CSRF");
        assertThat(store.http().adminGet("/api/admin/products").json())
                .noneMatch(p -> p.get("name").asText().equals("Should not exist"));
    }

    // --- helpers ----------------------------------------------------------------------------------

    private void createAdmin(String name) {
        assertThat(store.http()
                        .adminPostJson("/api/admin/users", Map.of("username", name, "password", PASSWORD))
                        .status())
                .isEqualTo(201);
    }

    private void open(String path) {
        browser.get(store.baseUrl() + path);
    }

    private void signOut() {
        browser.findElement(By.id("logout")).click();
        waitFor(d -> d.findElements(By.id("login-form")).size() == 1
                && d.findElements(By.id("me")).isEmpty());
    }

    private void enterPassword(String name, String password) {
        open("/admin/login");
        browser.findElement(By.id("username")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
    }

    private void signIn(String name, String password) {
        enterPassword(name, password);
        waitFor(d -> d.findElements(By.id("me")).size() == 1);
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        // No implicit wait while polling: with it, every "is it gone yet?" look took the full 10 s.
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out on " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        } finally {
            browser.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
        }
    }

    /** Elements present now, without waiting for ones that may never come. */
    private List<WebElement> presentNow(SearchContext in, By by) {
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            return in.findElements(by);
        } finally {
            browser.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
        }
    }

    /**
     * The QR code as a phone would read it. A screenshot taken while a loaded machine is still painting the
     * image can come out blank or torn, so fresh screenshots are tried for up to 15 s. The last screenshot that
     * could not be read is kept under {@code target/} for whoever looks at the failure.
     */
    private String readQr(WebElement qr) throws Exception {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", qr);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        byte[] png;
        Exception last;
        do {
            png = qr.getScreenshotAs(OutputType.BYTES);
            try {
                return decodeQr(png);
            } catch (ReaderException e) {
                last = e;
                Thread.sleep(300);
            }
        } while (System.nanoTime() < deadline);
        Path kept = Path.of("target", "unreadable-qr-" + System.currentTimeMillis() + ".png");
        Files.write(kept, png);
        throw new AssertionError("the QR code on the page could not be read; its last screenshot is " + kept, last);
    }

    /**
     * ZXing's finder-pattern detector, as a camera app uses it, then its reading of an image that is the code and
     * its quiet zone only (which an element's screenshot is). The second is needed: about one code in 300 that
     * zbar reads from the same screenshot makes ZXing's detector sample the grid off by a module and fail its
     * checksum (a ZXing quirk measured here, not a fault of the page), and no new screenshot changes that.
     */
    private static String decodeQr(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(
                new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        try {
            return new QRCodeReader()
                    .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                    .getText();
        } catch (ReaderException detectorMissed) {
            return new QRCodeReader()
                    .decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                    .getText();
        }
    }
}
