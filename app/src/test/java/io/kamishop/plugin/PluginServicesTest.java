package io.kamishop.plugin;

import static io.kamishop.plugin.PluginLifecycleTest.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.api.OutboundHttp;
import io.kamishop.plugin.fixture.FixtureKeys;
import io.kamishop.plugin.fixture.FixtureWatcher;
import io.kamishop.testing.TestStore;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a plugin gets from its context: events, notices, a store, metrics, a scheduler, a guarded HTTP client. */
class PluginServicesTest {

    static byte[] watcherJar() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(
                "META-INF/MANIFEST.MF",
                ("Manifest-Version: 1.0\nPlugin-Id: watcher\nPlugin-Version: 1.0.0\n"
                                + "Plugin-Requires: >=1.0.0 & <2.0.0\n")
                        .getBytes(StandardCharsets.UTF_8));
        entries.put(
                "META-INF/extensions.idx", (FixtureWatcher.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        entries.putAll(TestPlugins.classFiles(FixtureWatcher.class));
        return TestPlugins.zip(entries);
    }

    @Test
    void listenersAndNotifiersHearOfDeliveredOrdersAndLowStock() throws Exception {
        try (TestStore store = TestStore.start()) {
            var installed = upload(store, watcherJar());
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            assertThat(installed.json().get("extensions").toString()).contains("OrderEventListener", "Notifier");
            long product = store.createProduct("Key", 100, "CNY");
            store.importKeys(product, List.of("K-1", "K-2"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 100, "T-1").status()).isEqualTo(200);
            JsonNode counters = awaitCounter(store, "notice.low_stock");
            assertThat(counters.path("order.pending").asLong()).isEqualTo(1);
            assertThat(counters.path("order.paid").asLong()).isEqualTo(1);
            assertThat(counters.path("order.delivered").asLong()).isEqualTo(1);
            assertThat(counters.path("notice.order_delivered").asLong()).isEqualTo(1);
            awaitCounter(store, "ticks");
        }
    }

    private static JsonNode awaitCounter(TestStore store, String name) throws InterruptedException {
        // Events are delivered off the request thread: poll for the outcome, never sleep a fixed time.
        for (int i = 0; i < 200; i++) {
            JsonNode counters = store.http()
                    .adminGet("/api/admin/plugins/watcher/metrics")
                    .json()
                    .get("counters");
            if (counters.path(name).asLong() > 0) {
                return counters;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("counter " + name + " never moved");
    }

    @Test
    void aKeyFormatPluginChecksNormalisesAndGeneratesImportedKeys() {
        try (TestStore store = TestStore.start()) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put(
                    "META-INF/MANIFEST.MF",
                    ("Manifest-Version: 1.0\nPlugin-Id: abcd-keys\nPlugin-Version: 1.0.0\n"
                                    + "Plugin-Requires: >=1.0.0 & <2.0.0\n")
                            .getBytes(StandardCharsets.UTF_8));
            entries.put(
                    "META-INF/extensions.idx", (FixtureKeys.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            entries.putAll(TestPlugins.classFiles(FixtureKeys.class));
            assertThat(upload(store, TestPlugins.zip(entries)).status()).isEqualTo(201);
            assertThat(store.http().adminGet("/api/admin/key-formats").body())
                    .contains("\"id\":\"abcd\"", "\"canGenerate\":true");

            long product = store.createProduct("Formatted", 100, "CNY");
            JsonNode report = store.http()
                    .adminPostText(
                            "/api/admin/products/" + product + "/keys/abcd",
                            "abcd-efgh\nABCD-EFGH\n  ab cd-efgh \nnot a key\n")
                    .json();
            assertThat(report.get("imported").asLong()).isEqualTo(1);
            assertThat(report.get("duplicates").asLong()).isEqualTo(2);
            assertThat(report.get("rejected").asLong()).isEqualTo(1);
            assertThat(report.get("problems").get(0).get("reason").asText()).isEqualTo("not ABCD-EFGH");

            JsonNode generated = store.http()
                    .adminPost("/api/admin/products/" + product + "/keys/abcd/generate?count=25")
                    .json();
            assertThat(generated.get("imported").asLong()).isEqualTo(25);
            assertThat(store.stock(product).get("available").asLong()).isEqualTo(26);
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 100, "T-abcd").status()).isEqualTo(200);
            assertThat(store.http()
                            .adminPost("/api/admin/products/" + product + "/keys/nope/generate?count=1")
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void outboundHttpRefusesInternalAddressesUnlessAllowed() throws Exception {
        GuardedHttpClient guarded = new GuardedHttpClient(false);
        for (String url : List.of(
                "http://127.0.0.1:8080/",
                "http://localhost/",
                "http://10.1.2.3/",
                "http://192.168.0.1/",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]/",
                "http://100.64.0.1/",
                "file:///etc/passwd")) {
            assertThatThrownBy(() -> guarded.check(URI.create(url)))
                    .as(url)
                    .isInstanceOf(OutboundHttp.OutboundRefusedException.class);
        }
        // IPv6 spellings of internal IPv4 addresses: IPv4-compatible, NAT64, 6to4, Teredo.
        for (String address : List.of(
                "::127.0.0.1",
                "::ffff:10.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::1",
                "2002:c0a8:0101::1",
                "2001:0:4136:e378:8000:63bf:80ff:fffe")) {
            assertThat(GuardedHttpClient.isInternal(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
        assertThat(GuardedHttpClient.isInternal(InetAddress.getByName("64:ff9b::cb00:7107")))
                .isFalse(); // NAT64 of 203.0.113.7
        assertThat(GuardedHttpClient.isInternal(InetAddress.getByName("203.0.113.7")))
                .isFalse();
        assertThat(GuardedHttpClient.isInternal(InetAddress.getByName("2001:db8::1")))
                .isFalse();
        new GuardedHttpClient(true).check(URI.create("http://127.0.0.1:8080/")); // allowed: no exception
    }
}
