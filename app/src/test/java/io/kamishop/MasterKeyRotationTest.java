package io.kamishop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyRotationTest {

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void stockImportedUnderKeyAIsDeliveredAfterRotationToKeyB(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        String keyA = randomKey();
        JsonNode order;
        long product;
        try (TestStore store = TestStore.builder()
                .dataDir(data)
                .env("KAMISHOP_MASTER_KEY", keyA)
                .start()) {
            product = store.createProduct("Rotated", 100, "CNY");
            store.importKeys(product, List.of("ROT-1", "ROT-2"));
            order = store.order(product, 1).json();
        }

        Path newKeyFile = tmp.resolve("new.key");
        int exit = Cli.run(
                new String[] {
                    "rotate-master-key", "--data-dir", data.toString(), "--new-key-file", newKeyFile.toString()
                },
                Map.of("KAMISHOP_MASTER_KEY", keyA));
        assertThat(exit).isZero();
        String keyB = Files.readString(newKeyFile).trim();
        assertThat(keyB).isNotEqualTo(keyA);

        assertThatThrownBy(() -> TestStore.builder()
                        .dataDir(data)
                        .env("KAMISHOP_MASTER_KEY", keyA)
                        .start())
                .hasMessageContaining("master key does not open");
        try (TestStore store = TestStore.builder()
                .dataDir(data)
                .env("KAMISHOP_MASTER_KEY", keyB)
                .start()) {
            String orderNo = order.get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 100, "T-rot").body()).isEqualTo("success");
            JsonNode view = store.http()
                    .get("/api/orders/" + orderNo + "?token="
                            + order.get("lookupToken").asText())
                    .json();
            assertThat(view.get("keys").get(0).asText()).isEqualTo("ROT-1");
            assertThat(store.importKeys(product, List.of("ROT-2"))
                            .get("duplicates")
                            .asLong())
                    .as("duplicates are still found after rotation")
                    .isEqualTo(1);
        }
    }

    @Test
    void aKeyFileIsReplacedInPlace(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        try (TestStore store = TestStore.builder().dataDir(data).start()) {
            long product = store.createProduct("File", 100, "CNY");
            store.importKeys(product, List.of("FILE-1"));
        }
        String before = Files.readString(data.resolve("master.key"));

        assertThat(Cli.run(new String[] {"rotate-master-key", "--data-dir", data.toString()}, Map.of()))
                .isZero();

        assertThat(Files.readString(data.resolve("master.key"))).isNotEqualTo(before);
        try (TestStore store = TestStore.builder().dataDir(data).start()) {
            JsonNode order = store.order(1, 1).json();
            store.notifySandbox(order.get("orderNo").asText(), 100, "T-file");
            JsonNode view = store.http()
                    .get("/api/orders/" + order.get("orderNo").asText() + "?token="
                            + order.get("lookupToken").asText())
                    .json();
            assertThat(view.get("keys").get(0).asText()).isEqualTo("FILE-1");
        }
    }
}
