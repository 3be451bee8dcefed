package io.kamishop.testing;

import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and chromedriver, headless, with a fresh profile. Without them the browser
 * tests are skipped with the reason on a developer's machine, and fail on CI (CI=true), where
 * .ci/run installs them: a skipped browser test must never pass for a green build.
 */
public final class HeadlessChromium {

    public static final String BINARY = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";

    private HeadlessChromium() {}

    /** A headless Chromium at 1280 x 1000 in English. */
    public static ChromeDriver start() {
        return start(options(1280, 1000, "en-US"));
    }

    /**
     * The options every browser test starts from: headless, a fresh profile, no background traffic, the window
     * size and the browser's language. Add a test's own (a trusted certificate, console logs) before {@link
     * #start(ChromeOptions)}.
     */
    public static ChromeOptions options(int width, int height, String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + ScratchDirs.create("kamishop-chromium"),
                "--window-size=" + width + "," + height,
                "--lang=" + language);
        return options;
    }

    /** Starts Chromium with these options; skips the test without Chromium on a developer's machine, fails it on CI. */
    public static ChromeDriver start(ChromeOptions options) {
        requirePresent();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** Aborts the test with the reason where Chromium is missing, and fails it under {@code CI=true}. */
    public static void requirePresent() {
        boolean present = new File(BINARY).canExecute() && new File(DRIVER).canExecute();
        if (!present) {
            String reason = "headless Chromium is not installed (" + BINARY + ", " + DRIVER
                    + "): apt-get install chromium chromium-driver";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(reason);
            }
            Assumptions.abort(reason);
        }
    }
}
