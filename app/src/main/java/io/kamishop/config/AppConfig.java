package io.kamishop.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The server's start-up settings, layered: built-in default &lt; {@code kamishop.conf} in the data dir
 * &lt; environment variable &lt; command-line flag. The file uses the environment variables' names
 * ({@code KAMISHOP_PORT=8080}), so it doubles as a systemd {@code EnvironmentFile}.
 *
 * @param dataDir          folder for the database, master key, plugins, themes, logs
 * @param port             HTTP port, 0 picks a free one
 * @param dbUrl            JDBC URL, SQLite file in the data dir by default
 * @param adminToken       bootstrap admin API token, stored hashed
 * @param masterKey        base64 master key; absent means the key file in the data dir
 * @param trustedProxies   reverse proxies whose forwarded headers are believed
 * @param publicUrl        the store's public base URL, when it differs from what requests say
 * @param demo             seed a demo catalogue and enable the sandbox channel
 * @param overrides        every KAMISHOP_* value from the file, environment and flags, for
 *                         settings that other features read (store settings, plugin settings)
 */
public record AppConfig(
        Path dataDir,
        int port,
        String dbUrl,
        Optional<String> adminToken,
        Optional<String> masterKey,
        List<Cidr> trustedProxies,
        Optional<String> publicUrl,
        boolean demo,
        Map<String, String> overrides) {

    public static final String FILE_NAME = "kamishop.conf";

    /** Flags given on the command line; {@code null} for a flag not given. */
    public record Flags(
            @Nullable Path dataDir,
            @Nullable Integer port,
            @Nullable String dbUrl,
            boolean demo) {}

    public static AppConfig load(Map<String, String> environment, Flags flags) {
        Path dataDir = flags.dataDir() != null
                ? flags.dataDir()
                : Path.of(environment.getOrDefault("KAMISHOP_DATA_DIR", "./data"));
        dataDir = dataDir.toAbsolutePath().normalize();
        Map<String, String> values = new HashMap<>(readFile(dataDir.resolve(FILE_NAME)));
        environment.forEach((name, value) -> {
            if (name.startsWith("KAMISHOP_")) {
                values.put(name, value);
            }
        });
        if (flags.port() != null) {
            values.put("KAMISHOP_PORT", flags.port().toString());
        }
        if (flags.dbUrl() != null) {
            values.put("KAMISHOP_DB_URL", flags.dbUrl());
        }
        return from(dataDir, values, flags.demo());
    }

    static AppConfig from(Path dataDir, Map<String, String> values, boolean demo) {
        List<String> problems = new ArrayList<>();
        int port = 8080;
        String portText = values.get("KAMISHOP_PORT");
        if (portText != null) {
            try {
                port = Integer.parseInt(portText.trim());
                if (port < 0 || port > 65535) {
                    problems.add("KAMISHOP_PORT must be between 0 and 65535, got " + portText);
                }
            } catch (NumberFormatException e) {
                problems.add("KAMISHOP_PORT must be a number, got '" + portText + "'");
            }
        }
        String dbUrl = blankToNull(values.get("KAMISHOP_DB_URL"));
        if (dbUrl == null) {
            dbUrl = "jdbc:sqlite:" + dataDir.resolve("kamishop.db");
        } else if (!dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            problems.add("KAMISHOP_DB_URL must start with jdbc:sqlite: or jdbc:postgresql:, got '" + dbUrl + "'");
        }
        List<Cidr> proxies = new ArrayList<>();
        String proxyText = values.getOrDefault("KAMISHOP_TRUSTED_PROXIES", "");
        for (String entry : proxyText.split("[,\\s]+")) {
            if (!entry.isBlank()) {
                try {
                    proxies.add(Cidr.parse(entry));
                } catch (IllegalArgumentException e) {
                    problems.add("KAMISHOP_TRUSTED_PROXIES: " + e.getMessage());
                }
            }
        }
        Optional<String> publicUrl = Optional.ofNullable(blankToNull(values.get("KAMISHOP_PUBLIC_URL")));
        if (publicUrl.isPresent() && !publicUrl.get().matches("https?://[^\\s/]+(/.*)?")) {
            problems.add("KAMISHOP_PUBLIC_URL must be an http(s) URL, got '" + publicUrl.get() + "'");
        }
        Optional<String> masterKey = Optional.ofNullable(blankToNull(values.get("KAMISHOP_MASTER_KEY")));
        if (masterKey.isPresent()) {
            try {
                if (java.util.Base64.getDecoder().decode(masterKey.get().trim()).length != 32) {
                    problems.add("KAMISHOP_MASTER_KEY must be the base64 of exactly 32 bytes");
                }
            } catch (IllegalArgumentException e) {
                problems.add("KAMISHOP_MASTER_KEY is not valid base64");
            }
        }
        ListenSettings.parse(values, port, problems);
        // Read on every order: a bad value must stop the start, not fail each buyer's order later.
        for (StoreSettings.Definition json : List.of(StoreSettings.CHANNEL_FEES, StoreSettings.CHANNEL_LIMITS)) {
            String text = blankToNull(values.get(json.envName()));
            if (text != null) {
                StoreSettings.problem(json.name(), text).ifPresent(p -> problems.add(json.envName() + ": " + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new AppConfig(
                dataDir,
                port,
                dbUrl,
                Optional.ofNullable(blankToNull(values.get("KAMISHOP_ADMIN_TOKEN"))),
                masterKey,
                List.copyOf(proxies),
                publicUrl.map(u -> u.replaceAll("/+$", "")),
                demo,
                Map.copyOf(values));
    }

    /** A setting given by file, environment or flag, e.g. {@code override("KAMISHOP_ORDER_HOLD_MINUTES")}. */
    public Optional<String> override(String name) {
        return Optional.ofNullable(blankToNull(overrides.get(name)));
    }

    /** Where and how to listen: bind address, TLS, the redirecting HTTP port (validated at load). */
    public ListenSettings listen() {
        return ListenSettings.parse(overrides, port, new ArrayList<>());
    }

    public boolean usesSqlite() {
        return dbUrl.startsWith("jdbc:sqlite:");
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> values = new HashMap<>();
        properties.forEach(
                (k, v) -> values.put(k.toString().trim(), v.toString().trim()));
        return values;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        // Never print the token or master key, even in a debug log.
        return "AppConfig[dataDir=" + dataDir + ", port=" + port + ", dbUrl="
                + dbUrl.replaceAll("password=[^&]*", "password=****") + ", trustedProxies=" + trustedProxies + ", demo="
                + demo + "]";
    }
}
