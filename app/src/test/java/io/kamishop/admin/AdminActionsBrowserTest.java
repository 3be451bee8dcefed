package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.db.Handles;
import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.HeadlessChromium;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The merchant's order and mail actions in a real (headless) browser. Explicit waits only: no
 * implicit wait, so a check that something is absent costs nothing.
 */
@BrowserTest
class AdminActionsBrowserTest {

    private static final String PASSWORD = "merchant actions password";
    private static final String SMTP_PASSWORD = "smtp-password-for-greenmail";
    private ChromeDriver browser;
    private TestStore store;
    private GreenMail smtp;

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (store != null) {
            store.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aReviewedOrderIsApprovedFromTheNeedsReviewList() {
        store = TestStore.start();
        Http.Answer configured = store.http()
                .adminPutJson(
                        "/api/admin/plugins/risk-basic/config",
                        Map.of(
                                "mode",
                                "enforce",
                                "disposableEmails",
                                "review",
                                "disposableEmailDomains",
                                "throwaway.example"));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        long product = store.createProduct("Reviewed goods", 800, "CNY");
        store.importKeys(product, List.of("RV-1"));
        String orderNo = store.http()
                .postJson(
                        "/api/orders",
                        Map.of(
                                "productId",
                                product,
                                "quantity",
                                1,
                                "email",
                                "who@throwaway.example",
                                "channel",
                                "sandbox"))
                .json()
                .get("orderNo")
                .asText();
        assertThat(store.notifySandbox(orderNo, 800, "review-trade").status()).isEqualTo(200);

        signIn("rita");
        open("/admin/orders");
        click(By.id("needs-review"));
        click(By.linkText(orderNo));
        assertThat(visible(By.id("review")).getText()).contains("throwaway.example");
        assertThat(visible(By.id("order-status")).getText()).contains("paid");
        click(By.id("approve-order"));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.alertIsPresent())
                .accept();
        visible(By.id("flash"));
        assertThat(visible(By.id("order-status")).getText()).contains("delivered");
        assertThat(browser.findElements(By.id("approve-order"))).isEmpty();
        assertThat(store.stock(product).get("sold").asLong()).isEqualTo(1);
    }

    @Test
    void smtpSettingsAreSavedMaskedThenATestMailAndAResentDeliveryMailArrive() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.setUser("shop@example.com", "shop", SMTP_PASSWORD);
        smtp.start();
        store = TestStore.start();
        long product = store.createProduct("Mailed goods", 600, "CNY");
        store.importKeys(product, List.of("MAIL-KEY-1"));
        String orderNo = store.order(product, 1).json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, 600, "mail-trade").status()).isEqualTo(200);
        // As if the first mail went out long ago (before SMTP was set here): only a resend sends it now.
        store.app()
                .database()
                .write(tx -> Handles.of(tx)
                        .createUpdate("UPDATE outbox SET status = 'sent' WHERE topic = 'mail'")
                        .execute());

        signIn("mona");
        open("/admin/settings");
        click(By.id("mail-settings-link"));
        type(By.id("smtp-host"), "127.0.0.1");
        type(By.id("smtp-port"), Integer.toString(smtp.getSmtp().getPort()));
        type(By.id("smtp-username"), "shop");
        type(By.id("smtp-password"), SMTP_PASSWORD);
        type(By.id("smtp-from"), "shop@example.com");
        new Select(visible(By.id("smtp-security"))).selectByValue("none");
        // GreenMail here speaks plain SMTP: the merchant must say so explicitly, or the password is refused.
        click(By.id("save-mail"));
        assertThat(visible(By.id("error-smtp-security")).getText()).contains("unencrypted");
        type(By.id("smtp-password"), SMTP_PASSWORD);
        click(By.id("smtp-allow-plaintext"));
        click(By.id("save-mail"));
        visible(By.id("flash"));
        // Drawn as every settings form draws a secret: the mask, which sent back keeps the stored password.
        assertThat(visible(By.id("smtp-password")).getAttribute("value")).isEqualTo("********");
        assertThat(visible(By.id("smtp-password-set")).isDisplayed()).isTrue();
        assertThat(browser.getPageSource()).doesNotContain(SMTP_PASSWORD);
        String stored = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT value FROM settings WHERE scope = 'mail' AND name = 'password'")
                        .mapTo(String.class)
                        .one());
        assertThat(stored).doesNotContain(SMTP_PASSWORD);

        type(By.id("test-mail-to"), "merchant@example.com");
        click(By.id("send-test-mail"));
        waitFor(d -> d.getCurrentUrl().endsWith("ok=test_mail_sent"));
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage test = smtp.getReceivedMessages()[0];
        assertThat(test.getAllRecipients()[0].toString()).isEqualTo("merchant@example.com");
        assertThat(test.getSubject()).contains("test mail");

        open("/admin/orders/" + orderNo);
        click(By.id("resend-email"));
        visible(By.id("flash"));
        assertThat(smtp.waitForIncomingEmail(20_000, 2))
                .as("the resent keys mail arrives")
                .isTrue();
        MimeMessage resent = smtp.getReceivedMessages()[1];
        assertThat(resent.getAllRecipients()[0].toString()).isEqualTo("buyer@example.com");
        assertThat(resent.getSubject()).contains(orderNo);
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(resent)).contains("MAIL-KEY-1");
    }

    @Test
    void aNotifierSendsATestFromItsPluginPageInTheAdminsLanguageAndSaysWhyOneFailed() throws Exception {
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean chatGone = new java.util.concurrent.atomic.AtomicBoolean();
        com.sun.net.httpserver.HttpServer telegram =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        telegram.createContext("/", exchange -> {
            messages.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            byte[] answer = (chatGone.get()
                            ? "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"
                            : "{\"ok\":true,\"result\":{\"message_id\":1}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(chatGone.get() ? 400 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        telegram.start();
        try {
            store = TestStore.builder()
                    .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                    .start();
            assertThat(store.http()
                            .adminPost("/api/admin/plugins/notify-telegram/enable")
                            .status())
                    .isEqualTo(200);
            assertThat(store.http()
                            .adminPutJson(
                                    "/api/admin/plugins/notify-telegram/config",
                                    Map.of(
                                            "botToken",
                                            "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
                                            "chatId",
                                            "-1001234567890",
                                            "apiBase",
                                            "http://127.0.0.1:"
                                                    + telegram.getAddress().getPort()))
                            .status())
                    .isEqualTo(200);

            signIn("tess");
            open("/admin/plugins/notify-telegram");
            click(By.id("test-plugin"));
            waitFor(d -> "sent".equals(d.findElement(By.id("test-result")).getAttribute("data-finished")));
            assertThat(visible(By.id("test-result")).getText()).startsWith("Sent");
            assertThat(messages).singleElement().satisfies(m -> assertThat(m).contains("Test message"));

            chatGone.set(true);
            open("/admin/plugins/notify-telegram?lang=zh-CN");
            assertThat(visible(By.id("test-plugin")).getText()).isEqualTo("发送测试消息");
            click(By.id("test-plugin"));
            waitFor(d -> "failed".equals(d.findElement(By.id("test-result")).getAttribute("data-finished")));
            assertThat(visible(By.id("test-result")).getText())
                    .startsWith("测试消息未送达：")
                    .contains("chat not found");

            open("/admin/plugins/payment-sandbox");
            visible(By.id("plugin-state"));
            assertThat(browser.findElements(By.id("test-plugin")))
                    .as("not a notifier: no test")
                    .isEmpty();
        } finally {
            telegram.stop(0);
        }
    }

    // --- helpers ----------------------------------------------------------------------------------

    private void signIn(String name) {
        assertThat(store.http()
                        .adminPostJson("/api/admin/users", Map.of("username", name, "password", PASSWORD))
                        .status())
                .isEqualTo(201);
        open("/admin/login");
        type(By.id("username"), name);
        type(By.id("password"), PASSWORD);
        click(By.id("sign-in"));
        visible(By.id("me"));
    }

    private void open(String path) {
        browser.get(store.baseUrl() + path);
    }

    private WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by)::apply);
    }

    private void click(By by) {
        waitFor(ExpectedConditions.elementToBeClickable(by)::apply).click();
    }

    private void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    private <T> T waitFor(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out on " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        }
    }
}
