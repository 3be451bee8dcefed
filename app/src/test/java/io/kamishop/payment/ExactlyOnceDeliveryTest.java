package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.TestStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExactlyOnceDeliveryTest {

    private TestStore store;

    @BeforeEach
    void start() {
        store = TestStore.start();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    record Placed(String orderNo, String token, long amount) {}

    private Placed place(long product, int quantity) {
        Http.Answer answer = store.order(product, quantity);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode json = answer.json();
        return new Placed(
                json.get("orderNo").asText(),
                json.get("lookupToken").asText(),
                json.get("amount").asLong());
    }

    @Test
    void everyOrderNotifiedFiveTimesConcurrentlyIsDeliveredOnce() throws Exception {
        long product = store.createProduct("Gift card", 500, "CNY");
        store.importKeys(
                product, IntStream.range(0, 60).mapToObj(i -> "GC-" + i).toList());
        List<Placed> orders = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            orders.add(place(product, 2));
        }

        // 5 copies of each order's notification, all 125 shuffled and fired at once.
        List<Callable<Http.Answer>> calls = new ArrayList<>();
        for (Placed order : orders) {
            for (int copy = 0; copy < 5; copy++) {
                calls.add(() -> store.notifySandbox(order.orderNo(), order.amount(), "TRADE-" + order.orderNo()));
            }
        }
        Collections.shuffle(calls);
        List<Http.Answer> answers = Concurrently.fireTogether(calls);

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).isEqualTo("success");
        });
        Set<String> allKeys = new HashSet<>();
        int keyCount = 0;
        for (Placed order : orders) {
            JsonNode view = store.http()
                    .get("/api/orders/" + order.orderNo() + "?token=" + order.token())
                    .json();
            assertThat(view.get("status").asText()).isEqualTo("delivered");
            assertThat(view.get("keys")).hasSize(2);
            view.get("keys").forEach(k -> allKeys.add(k.asText()));
            keyCount += view.get("keys").size();
            JsonNode admin = store.http()
                    .adminGet("/api/admin/orders/" + order.orderNo())
                    .json();
            long deliveries = countKind(admin, "delivered");
            assertThat(deliveries).as("delivered events of %s", order.orderNo()).isEqualTo(1);
            assertThat(admin.get("notifications")).hasSize(1);
        }
        assertThat(allKeys).as("no key in two orders").hasSize(keyCount).hasSize(50);
        assertThat(store.stock(product).get("sold").asLong()).isEqualTo(50);
        assertThat(store.stock(product).get("available").asLong()).isEqualTo(10);
        Invariants.all(store.app().database(), product, 60);
    }

    @Test
    void aRepeatedNotificationAnswersSuccessAndChangesNothing() {
        long product = store.createProduct("Licence", 1999, "USD");
        store.importKeys(product, List.of("LIC-1", "LIC-2"));
        Placed order = place(product, 1);

        assertThat(store.notifySandbox(order.orderNo(), order.amount(), "T-1").body())
                .isEqualTo("success");
        JsonNode before =
                store.http().adminGet("/api/admin/orders/" + order.orderNo()).json();
        assertThat(store.notifySandbox(order.orderNo(), order.amount(), "T-1").body())
                .isEqualTo("success");
        JsonNode after =
                store.http().adminGet("/api/admin/orders/" + order.orderNo()).json();

        assertThat(after.get("history")).isEqualTo(before.get("history"));
        assertThat(after.get("status").asText()).isEqualTo("delivered");
        assertThat(store.stock(product).get("sold").asLong()).isEqualTo(1);
    }

    @Test
    void forgedSignatureChangesNothing() {
        long product = store.createProduct("Licence", 1999, "USD");
        store.importKeys(product, List.of("LIC-1"));
        Placed order = place(product, 1);
        byte[] body = ("{\"orderNo\":\"" + order.orderNo() + "\",\"amount\":1999,\"tradeNo\":\"FORGED\"}").getBytes();

        Http.Answer wrongSignature =
                store.http().postRaw("/api/payments/sandbox/notify", body, "X-Sandbox-Signature", "0".repeat(64));
        Http.Answer noSignature = store.http().postRaw("/api/payments/sandbox/notify", body);
        byte[] tampered =
                ("{\"orderNo\":\"" + order.orderNo() + "\",\"amount\":1999,\"tradeNo\":\"FORGED2\"}").getBytes();
        Http.Answer signatureOfOtherBody = store.http()
                .postRaw(
                        "/api/payments/sandbox/notify",
                        tampered,
                        "X-Sandbox-Signature",
                        TestStore.sandboxSignature(body));

        assertThat(List.of(wrongSignature, noSignature, signatureOfOtherBody)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.errorCode()).isEqualTo("notification_rejected");
        });
        assertUntouched(order, product);
    }

    @Test
    void wrongAmountChangesNothing() {
        long product = store.createProduct("Licence", 1999, "USD");
        store.importKeys(product, List.of("LIC-1"));
        Placed order = place(product, 1);

        Http.Answer tooLittle = store.notifySandbox(order.orderNo(), 1, "T-cheap");
        Http.Answer tooMuch = store.notifySandbox(order.orderNo(), 199_900, "T-rich");

        assertThat(List.of(tooLittle, tooMuch)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(422);
            assertThat(a.errorCode()).isEqualTo("amount_mismatch");
        });
        assertUntouched(order, product);
        // The refused trade numbers were not recorded: the right amount under one of them still pays.
        assertThat(store.notifySandbox(order.orderNo(), 1999, "T-cheap").status())
                .isEqualTo(200);
        assertThat(orderStatus(order)).isEqualTo("delivered");
    }

    @Test
    void notificationForAnUnknownOrderIsRefused() {
        Http.Answer answer = store.notifySandbox("99999999999999999999", 100, "T-x");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("order_not_found");
        long recorded = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM payment_notifications")
                        .mapTo(Long.class)
                        .one());
        assertThat(recorded).isZero();
    }

    @Test
    void aSecondPaymentForADeliveredOrderIsKeptAndFlaggedNotDeliveredAgain() {
        long product = store.createProduct("Licence", 1999, "USD");
        store.importKeys(product, List.of("LIC-1", "LIC-2"));
        Placed order = place(product, 1);
        store.notifySandbox(order.orderNo(), 1999, "T-first");

        Http.Answer second = store.notifySandbox(order.orderNo(), 1999, "T-second");

        assertThat(second.body()).isEqualTo("success");
        JsonNode admin =
                store.http().adminGet("/api/admin/orders/" + order.orderNo()).json();
        assertThat(admin.get("notifications")).hasSize(2);
        assertThat(countKind(admin, "duplicate_payment")).isEqualTo(1);
        assertThat(countKind(admin, "delivered")).isEqualTo(1);
        assertThat(store.stock(product).get("sold").asLong()).isEqualTo(1);
    }

    private void assertUntouched(Placed order, long product) {
        assertThat(orderStatus(order)).isEqualTo("pending");
        assertThat(store.stock(product).get("sold").asLong()).isZero();
        assertThat(store.stock(product).get("reserved").asLong()).isEqualTo(1);
        JsonNode admin =
                store.http().adminGet("/api/admin/orders/" + order.orderNo()).json();
        assertThat(admin.get("notifications")).isEmpty();
        assertThat(admin.get("history")).hasSize(1);
    }

    private String orderStatus(Placed order) {
        return store.http()
                .get("/api/orders/" + order.orderNo() + "?token=" + order.token())
                .json()
                .get("status")
                .asText();
    }

    private static long countKind(JsonNode adminOrder, String kind) {
        long n = 0;
        for (JsonNode event : adminOrder.get("history")) {
            if (event.get("kind").asText().equals(kind)) {
                n++;
            }
        }
        return n;
    }
}
