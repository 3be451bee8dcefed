package io.kamishop.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void metricsShowOrdersNotificationsStockAndTheJvmToTokenHoldersOnly() {
        try (TestStore store =
                TestStore.builder().env("KAMISHOP_METRICS_TOKEN", "scrape-only").start()) {
            long product = store.createProduct("Metered", 100, "CNY");
            store.importKeys(product, List.of("M-1", "M-2", "M-3"));
            JsonNode order = store.order(product, 1).json();
            store.notifySandbox(order.get("orderNo").asText(), 100, "T-m");
            store.notifySandbox(order.get("orderNo").asText(), 1, "T-bad");

            Http.Answer anonymous = store.http().get("/metrics");
            Http.Answer scraped = store.http()
                    .send(
                            HttpRequest.newBuilder(store.http().uri("/metrics"))
                                    .header("Authorization", "Bearer scrape-only")
                                    .GET(),
                            false);
            Http.Answer admin = store.http().adminGet("/metrics");

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(admin.status()).isEqualTo(200);
            assertThat(scraped.body())
                    .contains("kamishop_orders{status=\"delivered\"} 1.0")
                    .contains("kamishop_notifications_total{channel=\"sandbox\",outcome=\"accepted\"} 1.0")
                    .contains("kamishop_notifications_total{channel=\"sandbox\",outcome=\"amount_mismatch\"} 1.0")
                    .contains("kamishop_stock_keys{product=\"" + product + "\",state=\"available\"} 2.0")
                    .contains("kamishop_notification_to_delivery_seconds_bucket")
                    .as("a bucket bound at exactly 5 ms")
                    .contains("le=\"0.005\"")
                    .contains("jvm_memory_used_bytes")
                    .as("every background task is measured")
                    .contains("kamishop_background_runs_total{task=\"order-expiry\"}")
                    .contains("kamishop_background_failures_total{task=\"reconciler\"}")
                    .contains("kamishop_background_last_duration_seconds{task=\"outbox-mail\"}");
        }
    }
}
