package io.kamishop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** What every storefront page must hold in a real browser, whichever walk brought it there. */
public final class BrowserChecks {

    private BrowserChecks() {}

    /** Mobile first: nothing sticks out sideways, so the buyer never scrolls the page horizontally. */
    public static void assertFitsTheWindow(ChromeDriver driver) {
        Object overflow = ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).longValue())
                .as("horizontal overflow in px")
                .isLessThanOrEqualTo(0);
    }

    /** CSP violations and script errors show up in the console; a clean walk has none. */
    public static void assertNoConsoleErrors(ChromeDriver driver) {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("favicon.ico"))
                .toList();
        assertThat(errors).isEmpty();
    }
}
