package io.kamishop.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this plugin API, as built. Plugins compare their {@code Plugin-Requires} range against it. */
public final class ApiVersion {
    /** Semantic version of the plugin API in this build, for example {@code 1.0.0}. */
    public static final String CURRENT = load();

    private ApiVersion() {}

    private static String load() {
        try (InputStream in = ApiVersion.class.getResourceAsStream("/io/kamishop/api/api-version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
