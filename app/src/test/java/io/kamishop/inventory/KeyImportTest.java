package io.kamishop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyImportTest {

    private TestStore store;

    @BeforeEach
    void start() {
        store = TestStore.start();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void importTrimsSkipsBlanksAndNeverStoresAKeyTwice() {
        long product = store.createProduct("Codes", 100, "CNY");
        Http.Answer first = store.http()
                .adminPostText(
                        "/api/admin/products/" + product + "/keys", "\uFEFFAAA-1\n  BBB-2  \r\n\n   \nAAA-1\nCCC-3\n");

        JsonNode report = first.json();
        assertThat(report.get("imported").asLong()).isEqualTo(3);
        assertThat(report.get("duplicates").asLong())
                .as("AAA-1 twice in one upload")
                .isEqualTo(1);
        assertThat(report.get("rejected").asLong()).isZero();

        JsonNode second = store.importKeys(product, List.of("BBB-2", "DDD-4", "CCC-3"));
        assertThat(second.get("imported").asLong()).isEqualTo(1);
        assertThat(second.get("duplicates").asLong()).as("already stored").isEqualTo(2);
        assertThat(store.stock(product).get("available").asLong()).isEqualTo(4);
    }

    @Test
    void duplicatesAreFoundAcrossTheBatchesOfABigUploadAndAgainstStoredKeys() {
        long product = store.createProduct("Codes", 100, "CNY");
        store.importKeys(product, List.of("K-1", "K-4999"));
        // Several batches stored while the next is sealed: repeats far apart, in later batches, and already stored.
        List<String> upload = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            upload.add("K-" + i);
        }
        for (int i = 0; i < 5000; i += 7) {
            upload.add("K-" + i);
        }
        upload.add("BAD\u0007BELL");

        JsonNode report = store.importKeys(product, upload);

        long repeats = (5000 + 6) / 7;
        assertThat(report.get("imported").asLong()).isEqualTo(5000 - 2);
        assertThat(report.get("duplicates").asLong()).isEqualTo(repeats + 2);
        assertThat(report.get("rejected").asLong()).isEqualTo(1);
        assertThat(store.stock(product).get("available").asLong()).isEqualTo(5000);
    }

    @Test
    void keysOfABigUploadAreSoldInUploadOrderThoughEachBatchIsStoredInFingerprintOrder() {
        long product = store.createProduct("Codes", 100, "CNY");
        store.importKeys(product, List.of("K-0007"));
        List<String> upload = new java.util.ArrayList<>();
        for (int i = 0; i < 7000; i++) {
            upload.add("K-" + String.format("%04d", (i * 7919) % 7000)); // a permutation: upload order is not sorted
        }
        upload.add("K-0001"); // a repeat within the upload

        store.importKeys(product, upload);
        InventoryService inventory = store.app().inventory();
        long orderId = 424242;
        store.app().database().write(h -> {
            assertThat(inventory.reserve(h, product, orderId, 7000)).isTrue();
            return inventory.sell(h, orderId);
        });

        List<String> expected = new java.util.ArrayList<>(List.of("K-0007"));
        upload.stream().distinct().filter(k -> !k.equals("K-0007")).forEach(expected::add);
        assertThat(inventory.keysSoldTo(orderId))
                .as("sold oldest first: first stock, then the upload's order")
                .isEqualTo(expected);
    }

    @Test
    void linesThatAreNotKeysAreRejectedWithTheirLineNumbers() {
        long product = store.createProduct("Codes", 100, "CNY");
        String tooLong = "X".repeat(3000);
        Http.Answer answer = store.http()
                .adminPostText(
                        "/api/admin/products/" + product + "/keys", "GOOD-1\nBAD\u0007BELL\n" + tooLong + "\nGOOD-2");

        JsonNode report = answer.json();
        assertThat(report.get("imported").asLong()).isEqualTo(2);
        assertThat(report.get("rejected").asLong()).isEqualTo(2);
        assertThat(report.get("problems").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(report.get("problems").get(1).get("line").asLong()).isEqualTo(3);
    }

    @Test
    void theSameKeyMayBeStockedForTwoProducts() {
        long a = store.createProduct("A", 100, "CNY");
        long b = store.createProduct("B", 100, "CNY");
        assertThat(store.importKeys(a, List.of("SHARED")).get("imported").asLong())
                .isEqualTo(1);
        assertThat(store.importKeys(b, List.of("SHARED")).get("imported").asLong())
                .isEqualTo(1);
    }

    @Test
    void importRefusesWhatItCannotRead() {
        long product = store.createProduct("Codes", 100, "CNY");
        Http.Answer json = store.http().adminPostJson("/api/admin/products/" + product + "/keys", List.of("A"));
        Http.Answer unknownProduct = store.http().adminPostText("/api/admin/products/999/keys", "A");
        Http.Answer noToken = store.http()
                .postRaw("/api/admin/products/" + product + "/keys", "A".getBytes(), "Content-Type", "text/plain");

        assertThat(json.status()).isEqualTo(415);
        assertThat(unknownProduct.status()).isEqualTo(404);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(store.stock(product).get("available").asLong()).isZero();
    }
}
