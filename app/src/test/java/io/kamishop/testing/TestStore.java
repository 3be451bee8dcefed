package io.kamishop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.Kamishop;
import io.kamishop.config.AppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real store for a test: a temporary data dir with a real SQLite file (or the database a test
 * names), a real HTTP server on a free port, the sandbox channel enabled with a known secret.
 */
public final class TestStore implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String SANDBOX_SECRET = "test-sandbox-secret";

    private final Kamishop store;
    private final Http http;
    private final Path dataDir;

    private TestStore(Kamishop store, Path dataDir) {
        this.store = store;
        this.dataDir = dataDir;
        this.http = new Http("http://localhost:" + store.port(), ADMIN_TOKEN);
    }

    public static TestStore start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for a test store. */
    public static final class Builder {
        private Path dataDir;
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> env = new HashMap<>();

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public TestStore start() {
            Path dir = dataDir != null ? dataDir : ScratchDirs.create("kamishop-test");
            Map<String, String> environment = new HashMap<>();
            environment.put("KAMISHOP_ADMIN_TOKEN", ADMIN_TOKEN);
            environment.put("KAMISHOP_SANDBOX_SECRET", SANDBOX_SECRET);
            // Race and load tests place hundreds of orders from one address; rate limits have their own test.
            environment.put("KAMISHOP_RATE_ORDERS_PER_MINUTE", "1000000");
            environment.put("KAMISHOP_RATE_LOOKUP_FAILURES_PER_10_MINUTES", "1000000");
            environment.putAll(env);
            AppConfig config = AppConfig.load(environment, new AppConfig.Flags(dir, 0, null, false));
            Kamishop store = Kamishop.start(config, clock);
            store.plugins().enable("payment-sandbox");
            return new TestStore(store, dir);
        }
    }

    public Kamishop app() {
        return store;
    }

    public Http http() {
        return http;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String baseUrl() {
        return "http://localhost:" + store.port();
    }

    /**
     * Points the store's mail at a local SMTP server (GreenMail in the tests) on {@code port}, plain and without a
     * login, as the mail settings page would; fails the test if the store refuses.
     */
    public void mailThrough(int port) {
        Http.Answer answer = http.adminPutJson(
                "/api/admin/mail/settings",
                Map.of(
                        "host",
                        "127.0.0.1",
                        "port",
                        port,
                        "from",
                        "shop@example.com",
                        "security",
                        "none",
                        "username",
                        "",
                        "password",
                        ""));
        if (answer.status() != 200) {
            throw new AssertionError("mail settings refused: " + answer.status() + " " + answer.body());
        }
    }

    /**
     * Enables a plugin and saves its settings through the admin API, as the merchant's plugin page does; fails the
     * test if the store refuses either.
     */
    public void switchOnPlugin(String pluginId, Map<String, ?> settings) {
        Http.Answer enabled = http.adminPost("/api/admin/plugins/" + pluginId + "/enable");
        if (enabled.status() != 200) {
            throw new AssertionError("enabling " + pluginId + " refused: " + enabled.status() + " " + enabled.body());
        }
        Http.Answer configured = http.adminPutJson("/api/admin/plugins/" + pluginId + "/config", settings);
        if (configured.status() != 200) {
            throw new AssertionError(
                    "settings of " + pluginId + " refused: " + configured.status() + " " + configured.body());
        }
    }

    private static final java.util.regex.Pattern SIGN_IN_CODE =
            java.util.regex.Pattern.compile("Your sign-in code: ([0-9]{6})");

    /**
     * Signs a buyer in as the API door does: asks for a code, sends the mail (through {@code smtp}), reads the
     * newest code mailed to {@code email} and signs in with it. Returns the session cookie as {@code name=value}.
     */
    public String signInBuyer(com.icegreen.greenmail.util.GreenMail smtp, String email) throws Exception {
        int before = codesTo(smtp, email).size();
        Http.Answer asked = http.postJson("/api/account/code", Map.of("email", email));
        if (asked.status() != 202) {
            throw new AssertionError("sign-in code refused: " + asked.status() + " " + asked.body());
        }
        // The outbox's own task, or another node's sharing the database, may hold the code mail's lease when
        // sendDue runs here and finds nothing to claim: wait for the mail rather than reading the inbox once.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        List<String> codes = codesTo(smtp, email);
        while (codes.size() <= before && System.nanoTime() < deadline) {
            store.mailOutbox().sendDue();
            codes = codesTo(smtp, email);
            if (codes.size() <= before) {
                Thread.sleep(100);
            }
        }
        if (codes.size() <= before) {
            throw new AssertionError("no sign-in code was mailed to " + email + " within 30 s");
        }
        String code = codes.get(codes.size() - 1);
        Http.Answer signedIn = http.postJson("/api/account/sign-in", Map.of("email", email, "code", code));
        if (signedIn.status() != 200) {
            throw new AssertionError("sign-in refused: " + signedIn.status() + " " + signedIn.body());
        }
        String setCookie = signedIn.header("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** The sign-in codes mailed to {@code email} so far, oldest first. */
    private static List<String> codesTo(com.icegreen.greenmail.util.GreenMail smtp, String email)
            throws jakarta.mail.MessagingException {
        List<String> codes = new java.util.ArrayList<>();
        for (var message : smtp.getReceivedMessages()) {
            java.util.regex.Matcher m = SIGN_IN_CODE.matcher(message.getSubject());
            if (message.getAllRecipients()[0].toString().equalsIgnoreCase(email) && m.find()) {
                codes.add(m.group(1));
            }
        }
        return codes;
    }

    /** Creates a product through the admin API and returns its id. */
    public long createProduct(String name, long price, String currency) {
        Http.Answer answer =
                http.adminPostJson("/api/admin/products", Map.of("name", name, "price", price, "currency", currency));
        if (answer.status() != 201) {
            throw new AssertionError("product not created: " + answer.status() + " " + answer.body());
        }
        return answer.json().get("id").asLong();
    }

    /** Creates a product of a kind ({@code shared}, {@code file}, ...) with its extra fields; returns its id. */
    public long createProduct(String name, String kind, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("name", name);
        body.put("price", 1000);
        body.put("currency", "CNY");
        body.put("kind", kind);
        Http.Answer answer = http.adminPostJson("/api/admin/products", body);
        if (answer.status() != 201) {
            throw new AssertionError("product not created: " + answer.status() + " " + answer.body());
        }
        return answer.json().get("id").asLong();
    }

    /** Imports keys through the admin API; returns the import report. */
    public JsonNode importKeys(long productId, List<String> keys) {
        Http.Answer answer = http.adminPostText("/api/admin/products/" + productId + "/keys", String.join("\n", keys));
        if (answer.status() != 200) {
            throw new AssertionError("keys not imported: " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    /** Places an order through the buyer API. */
    public Http.Answer order(long productId, int quantity) {
        return http.postJson(
                "/api/orders",
                Map.of(
                        "productId",
                        productId,
                        "quantity",
                        quantity,
                        "email",
                        "buyer@example.com",
                        "channel",
                        "sandbox"));
    }

    /** Sends a correctly signed sandbox notification, as the sandbox gateway would. */
    public Http.Answer notifySandbox(String orderNo, long amount, String tradeNo) {
        byte[] body = ("{\"orderNo\":\"" + orderNo + "\",\"amount\":" + amount + ",\"tradeNo\":\"" + tradeNo + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return http.postRaw(
                "/api/payments/sandbox/notify",
                body,
                "X-Sandbox-Signature",
                sandboxSignature(body),
                "Content-Type",
                "application/json");
    }

    public static String sandboxSignature(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SANDBOX_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stock of a product as the admin API reports it. */
    public JsonNode stock(long productId) {
        return http.adminGet("/api/admin/products/" + productId).json().get("stock");
    }

    @Override
    public void close() {
        store.close();
    }
}
