package io.kamishop.testing;

/** Names of the shared resources that JUnit's parallel run hands to one test class at a time ({@code @ResourceLock}). */
public final class TestResources {

    /** Headless Chromium: see {@link BrowserTest}. */
    public static final String CHROMIUM = "kamishop.chromium";

    /** A separate JVM or outside server: see {@link ProcessTest}. */
    public static final String PROCESS = "kamishop.process";

    private TestResources() {}
}
