package io.kamishop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.TestStore;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manual fulfilment: a paid order waits for the merchant, who delivers text the buyer then reads and is mailed. */
class ManualFulfilmentTest {

    @Test
    void thePaidOrderWaitsTheMerchantDeliversAndTheBuyerIsMailedAndSeesIt() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (TestStore store = TestStore.start()) {
            store.http()
                    .adminPutJson(
                            "/api/admin/mail/settings",
                            Map.of(
                                    "host",
                                    "127.0.0.1",
                                    "port",
                                    smtp.getSmtp().getPort(),
                                    "from",
                                    "shop@example.com",
                                    "security",
                                    "none",
                                    "username",
                                    "",
                                    "password",
                                    ""));
            long product = store.createProduct("Account top-up", "manual", Map.of());
            Http.Answer placed = store.order(product, 1);
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            String orderNo = placed.json().get("orderNo").asText();
            String buyerUrl = "/api/orders/" + orderNo + "?token="
                    + placed.json().get("lookupToken").asText();

            assertThat(store.notifySandbox(orderNo, 1000, "manual-1").status()).isEqualTo(200);
            JsonNode waiting = store.http().get(buyerUrl).json();
            JsonNode admin =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(waiting.get("status").asText()).isEqualTo("paid");
            assertThat(waiting.has("keys")).isFalse();
            assertThat(admin.get("history"))
                    .filteredOn(e -> e.get("kind").asText().equals("awaiting_fulfilment"))
                    .hasSize(1);
            store.app().mailOutbox().sendDue();
            assertThat(smtp.getReceivedMessages())
                    .as("the payment-received mail")
                    .hasSize(1);

            Http.Answer empty =
                    store.http().adminPostJson("/api/admin/orders/" + orderNo + "/deliver", Map.of("text", "  "));
            assertThat(empty.status()).isEqualTo(422);
            assertThat(empty.json().at("/error/fields/text").isMissingNode()).isFalse();
            assertThat(store.http().get(buyerUrl).json().get("status").asText()).isEqualTo("paid");

            Http.Answer delivered = store.http()
                    .adminPostJson(
                            "/api/admin/orders/" + orderNo + "/deliver",
                            Map.of("text", "Topped up 100 gems on account #4711"));
            Http.Answer twice =
                    store.http().adminPostJson("/api/admin/orders/" + orderNo + "/deliver", Map.of("text", "again"));

            assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
            assertThat(delivered.json().get("status").asText()).isEqualTo("delivered");
            assertThat(twice.status()).isEqualTo(409);
            assertThat(twice.errorCode()).isEqualTo("not_awaiting");
            JsonNode seen = store.http().get(buyerUrl).json();
            assertThat(seen.get("status").asText()).isEqualTo("delivered");
            assertThat(seen.get("keys"))
                    .extracting(JsonNode::asText)
                    .containsExactly("Topped up 100 gems on account #4711");
            store.app().mailOutbox().sendDue();
            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(2);
            assertThat(GreenMailUtil.getBody(received[1])).contains("Topped up 100 gems on account #4711");
            assertThat(store.stock(product).get("sold").asLong()).isEqualTo(1);
            Invariants.unitsAddUp(store.app().database());
            try (var files = java.nio.file.Files.walk(store.dataDir())) {
                for (java.nio.file.Path f :
                        files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    assertThat(new String(
                                    java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as("delivered text sealed at rest in " + f)
                            .doesNotContain("Topped up 100 gems");
                }
            }
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aCappedManualProductSellsNoMoreThanItsCapAndAnUnpaidOrderCannotBeDelivered() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Portrait commission", "manual", Map.of("maxUses", 1));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();

            assertThat(store.order(product, 1).errorCode()).isEqualTo("out_of_stock");
            Http.Answer early =
                    store.http().adminPostJson("/api/admin/orders/" + orderNo + "/deliver", Map.of("text", "too soon"));
            assertThat(early.status()).isEqualTo(409);
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("pending");
            assertThat(store.http()
                            .adminPostJson("/api/admin/orders/nope/deliver", Map.of("text", "x"))
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aCardKeyOrderIsNeverDeliveredByHand() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, java.util.List.of("K1"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "keys-1");

            Http.Answer refused =
                    store.http().adminPostJson("/api/admin/orders/" + orderNo + "/deliver", Map.of("text", "x"));

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("not_awaiting");
            Invariants.all(store.app().database(), product, 1);
        }
    }
}
