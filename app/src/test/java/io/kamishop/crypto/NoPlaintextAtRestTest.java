package io.kamishop.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NoPlaintextAtRestTest {

    @Test
    void noKeyTokenOrSecretIsReadableInAnyFileOfTheDataDir() throws IOException {
        List<String> keys = IntStream.range(0, 200)
                .mapToObj(i -> "PLAINTEXT-CANARY-KEY-" + i + "-ZQX")
                .toList();
        List<String> secrets = new ArrayList<>();
        Path dataDir;
        try (TestStore store = TestStore.start()) {
            dataDir = store.dataDir();
            long product = store.createProduct("Canary", 100, "CNY");
            store.importKeys(product, keys);
            JsonNode order = store.order(product, 3).json();
            String orderNo = order.get("orderNo").asText();
            secrets.add(order.get("lookupToken").asText());
            store.notifySandbox(orderNo, order.get("amount").asLong(), "T-canary");
            JsonNode delivered = store.http()
                    .get("/api/orders/" + orderNo + "?token="
                            + order.get("lookupToken").asText())
                    .json();
            assertThat(delivered.get("keys")).hasSize(3);
            String pluginSecret = "PLUGIN-SECRET-CANARY-7731";
            assertThat(store.http()
                            .adminPutJson(
                                    "/api/admin/plugins/payment-sandbox/config",
                                    java.util.Map.of("secret", pluginSecret))
                            .status())
                    .isEqualTo(200);
            secrets.add(pluginSecret);
            secrets.add(TestStore.ADMIN_TOKEN);
        }

        List<String> needles = new ArrayList<>(keys);
        needles.addAll(secrets);
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String needle : needles) {
                    if (content.contains(needle)) {
                        found.add(needle + " in " + dataDir.relativize(file));
                    }
                }
            }
        }
        assertThat(found).as("plaintext secrets in the data dir").isEmpty();
    }
}
