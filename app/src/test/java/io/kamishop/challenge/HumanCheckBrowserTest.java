package io.kamishop.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kamishop.testing.BrowserTest;
import io.kamishop.testing.HeadlessChromium;
import io.kamishop.testing.Http;
import io.kamishop.testing.ScratchDirs;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The bundled Geetest plugin as the store's human check, in a real (headless) Chromium at 1280 and 390 px: the
 * product page shows the widget, a checkout without solving it is refused with the page's human-check message,
 * solving it and buying again delivers the key. Geetest is played by two local fakes: its gt4.js, served over
 * https from 127.0.0.1 (the store's policy takes https origins only, so the fake has a certificate made for this
 * run, which this Chromium alone trusts by its key), behaving as the vendor's documented API does
 * (initGeetest4, appendTo, onSuccess, getValidate); and its /validate, which checks the sign_token as Geetest
 * would. The plugin's glue script comes from the store's own origin; no policy violation may reach the console.
 */
@BrowserTest
class HumanCheckBrowserTest {

    static final String CAPTCHA_ID = "647f5ed2ed8acb4be36784e01556bb71";
    static final String CAPTCHA_KEY = "b09a7aafbfd83f73b35a9b530d0337bf";
    /** What the fake gt4.js hands out once its box is clicked, and the fake /validate vouches for. */
    static final String PASS_TOKEN = "c7b5e8a4f0d2c1b3a5e7f9d1c3b5a7e9f1d3c5b7a9e1f3d5c7b9a1e3f5d7c9b1";

    /**
     * A stand-in for Geetest's gt4.js, doing what its web API reference says a page can rely on: initGeetest4(config,
     * callback) hands the callback a captcha; appendTo(element) draws it there; once the visitor solves it (here: one
     * click), the onSuccess handlers run and getValidate() returns the four values.
     */
    static final String FAKE_GT4 = """
            (function () {
              'use strict';
              window.initGeetest4 = function (config, ready) {
                var succeeded = [], solved = null;
                var captcha = {
                  appendTo: function (target) {
                    var box = document.createElement('button');
                    box.type = 'button';
                    box.className = 'geetest_btn_click fake-geetest';
                    box.setAttribute('data-captcha-id', config.captchaId);
                    box.setAttribute('data-product', config.product);
                    box.textContent = 'Click to verify';
                    box.addEventListener('click', function () {
                      var lot = '';
                      for (var i = 0; i < 32; i++) { lot += Math.floor(Math.random() * 16).toString(16); }
                      solved = { lot_number: lot, captcha_output: 'ZmFrZS1vdXRwdXQ=', pass_token: '%s',
                                 gen_time: String(Math.floor(Date.now() / 1000)) };
                      box.textContent = 'Verified';
                      box.setAttribute('data-solved', 'true');
                      succeeded.forEach(function (handler) { handler(); });
                    });
                    (typeof target === 'string' ? document.querySelector(target) : target).appendChild(box);
                    return captcha;
                  },
                  onReady: function () { return captcha; },
                  onSuccess: function (handler) { succeeded.push(handler); return captcha; },
                  onError: function () { return captcha; },
                  onClose: function () { return captcha; },
                  getValidate: function () { return solved; }
                };
                ready(captcha);
              };
            })();
            """.formatted(PASS_TOKEN);

    private HttpsServer widgetHost;
    private HttpServer validate;
    private final List<Map<String, String>> validated = new CopyOnWriteArrayList<>();
    private String spki;
    private TestStore store;

    @BeforeEach
    void start() throws Exception {
        HeadlessChromium.requirePresent();

        widgetHost = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        widgetHost.setHttpsConfigurator(new HttpsConfigurator(tlsFor127001()));
        widgetHost.createContext("/v4/gt4.js", exchange -> {
            byte[] bytes = FAKE_GT4.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/javascript; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        widgetHost.setExecutor(Executors.newCachedThreadPool());
        widgetHost.start();

        validate = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        validate.createContext("/validate", exchange -> {
            Map<String, String> form =
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            form.putAll(form(exchange.getRequestURI().getRawQuery()));
            validated.add(form);
            boolean signed =
                    hmac(CAPTCHA_KEY, form.getOrDefault("lot_number", "")).equals(form.get("sign_token"));
            String body =
                    CAPTCHA_ID.equals(form.get("captcha_id")) && signed && PASS_TOKEN.equals(form.get("pass_token"))
                            ? "{\"status\":\"success\",\"result\":\"success\",\"reason\":\"\",\"captcha_args\":{}}"
                            : "{\"status\":\"success\",\"result\":\"fail\",\"reason\":\"pass_token expire\",\"captcha_args\":{}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        validate.setExecutor(Executors.newCachedThreadPool());
        validate.start();

        store = TestStore.builder()
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        store.switchOnPlugin(
                "human-geetest",
                Map.of(
                        "captchaId",
                        CAPTCHA_ID,
                        "captchaKey",
                        CAPTCHA_KEY,
                        "scriptUrl",
                        widgetOrigin() + "/v4/gt4.js",
                        "verifyUrl",
                        "http://127.0.0.1:" + validate.getAddress().getPort() + "/validate"));
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (widgetHost != null) {
            widgetHost.stop(0);
        }
        if (validate != null) {
            validate.stop(0);
        }
    }

    private String widgetOrigin() {
        return "https://127.0.0.1:" + widgetHost.getAddress().getPort();
    }

    @Test
    void theWidgetRendersAndGatesCheckoutOnDesktopAndPhone() throws IOException {
        long product = store.createProduct("Guarded by Geetest", 600, "CNY");
        store.importKeys(product, List.of("GEE-1", "GEE-2"));

        Http.Answer page = store.http().get("/products/" + product);
        String policy = page.header("Content-Security-Policy");
        String sources = "'self' " + widgetOrigin() + " https://static.geetest.com https://gcaptcha4.geetest.com";
        assertThat(policy)
                .as("exactly the widget's origins, for what the widget loads")
                .contains("script-src " + sources + ";")
                .contains("frame-src " + sources + ";")
                .contains("img-src 'self' data: " + widgetOrigin() + " https://static.geetest.com"
                        + " https://gcaptcha4.geetest.com;")
                .doesNotContain("unsafe-inline")
                .doesNotContain("http://127.0.0.1");
        assertThat(page.body())
                .contains("<script src=\"/plugin-assets/human-geetest/geetest.js\" async defer></script>");
        Http.Answer glue = store.http().get("/plugin-assets/human-geetest/geetest.js");
        assertThat(glue.status()).isEqualTo(200);
        assertThat(glue.header("Content-Type")).startsWith("text/javascript");
        assertThat(store.http()
                        .get("/plugin-assets/human-geetest/..%2Fkamishop-i18n%2Fzh-CN.properties")
                        .status())
                .isEqualTo(404);

        buyThroughTheWidget(product, 1280, 900, "GEE-1");
        buyThroughTheWidget(product, 390, 844, "GEE-2");

        assertThat(validated).as("one question to Geetest per solved checkout").hasSize(2);
        assertThat(validated.get(0).get("sign_token"))
                .isEqualTo(hmac(CAPTCHA_KEY, validated.get(0).get("lot_number")));
        assertThat(store.stock(product).get("available").asLong()).isZero();

        // The captcha key is a secret setting: masked when read back, encrypted in the data dir.
        assertThat(store.http()
                        .adminGet("/api/admin/plugins/human-geetest/config")
                        .body())
                .doesNotContain(CAPTCHA_KEY);
        Path dataDir = store.dataDir();
        store.close();
        store = null;
        try (var files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as("the captcha key in plaintext in " + dataDir.relativize(file))
                        .doesNotContain(CAPTCHA_KEY);
            }
        }
    }

    private void buyThroughTheWidget(long product, int width, int height, String expectedKey) {
        ChromeOptions options = HeadlessChromium.options(width, height, "en-US");
        // Trusts the fake's certificate by its key, and nothing else that is self-signed.
        options.addArguments("--ignore-certificate-errors-spki-list=" + spki);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = HeadlessChromium.start(options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            driver.get(store.baseUrl() + "/products/" + product);
            WebElement box = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#checkout .human-check .geetest-captcha .fake-geetest")));
            assertThat(box.getAttribute("data-captcha-id")).isEqualTo(CAPTCHA_ID);
            assertThat(box.getAttribute("data-product")).isEqualTo("float");
            assertThat(box.getSize().getWidth())
                    .as("the widget fits the " + width + " px page")
                    .isLessThan(width);

            // Not solved: refused, with the page's human-check message, and the widget shown again.
            driver.findElement(By.id("email")).sendKeys("human@example.com");
            scrollTo(driver, driver.findElement(By.id("buy"))).click();
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("errors")))
                            .getText())
                    .contains("complete the \"are you human?\" check above the button first");
            assertThat(validated)
                    .as("nothing to ask Geetest without a solved widget")
                    .hasSize(width == 1280 ? 0 : 1);

            // Solved: the glue puts Geetest's four values into the one field, and the order goes through.
            WebElement again = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#checkout .geetest-captcha .fake-geetest")));
            scrollTo(driver, again).click();
            wait.until(ExpectedConditions.attributeToBe(again, "data-solved", "true"));
            String field = driver.findElement(By.cssSelector("#checkout input[name='geetest-response']"))
                    .getAttribute("value");
            assertThat(field)
                    .contains("\"lot_number\":")
                    .contains("\"captcha_output\":\"ZmFrZS1vdXRwdXQ=\"")
                    .contains("\"pass_token\":\"" + PASS_TOKEN + "\"")
                    .contains("\"gen_time\":");
            WebElement email = driver.findElement(By.id("email"));
            if (email.getAttribute("value").isEmpty()) {
                email.sendKeys("human@example.com");
            }
            scrollTo(driver, driver.findElement(By.id("buy"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "delivered"));
            assertThat(driver.findElement(By.cssSelector("#keys .key")).getText())
                    .isEqualTo(expectedKey);

            List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .filter(m -> !m.contains("favicon.ico"))
                    // The refused checkout above: Chromium logs a page answered 403, as the store meant it to.
                    .filter(m -> !m.endsWith("/checkout - Failed to load resource: the server responded with a status"
                            + " of 403 (Forbidden)"))
                    .toList();
            assertThat(errors).as("no script error and no policy violation").isEmpty();
        } finally {
            driver.quit();
        }
    }

    private static WebElement scrollTo(ChromeDriver driver, WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        return element;
    }

    /**
     * A certificate for 127.0.0.1 made for this run with the JDK's keytool, and the base64 SHA-256 of its public key
     * for Chromium's --ignore-certificate-errors-spki-list.
     */
    private SSLContext tlsFor127001() throws Exception {
        Path dir = ScratchDirs.create("kamishop-fake-geetest");
        Path keystore = dir.resolve("fake.p12");
        char[] password = "fake-geetest".toCharArray();
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "fake",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        new String(password),
                        "-keypass",
                        new String(password))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password);
        }
        Certificate certificate = keys.getCertificate("fake");
        spki = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(certificate.getPublicKey().getEncoded()));
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        return tls;
    }

    /** Computed with the JDK's Mac, independently of the plugin. */
    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(message.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        if (raw == null) {
            return fields;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                fields.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
