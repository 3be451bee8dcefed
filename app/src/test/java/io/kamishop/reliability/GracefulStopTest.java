package io.kamishop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.order.OrderStatus;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (SIGTERM from Kubernetes, systemd, docker) while a payment notification is half-way
 * through its transaction: the store stops taking new connections, lets the notification finish and
 * answer the gateway 200, commits it, and only then closes the database.
 */
class GracefulStopTest {

    @Test
    void aPaymentNotificationInFlightCompletesWhileTheStoreStops(@TempDir Path dir) throws Exception {
        CountDownLatch inTransaction = new CountDownLatch(1);
        CountDownLatch letItFinish = new CountDownLatch(1);
        String orderNo;
        CompletableFuture<Http.Answer> notification;
        CompletableFuture<Void> stopped;
        try (TestStore store = TestStore.builder().dataDir(dir).start()) {
            long product = store.createProduct("Drained key", 500, "EUR");
            store.importKeys(product, List.of("DRAIN-1"));
            JsonNode order = store.order(product, 1).json();
            orderNo = order.get("orderNo").asText();
            long amount = order.get("amount").asLong();
            store.app().orderChanges().subscribeInTransaction((h, change) -> {
                if (change.to() == OrderStatus.PAID || change.to() == OrderStatus.DELIVERED) {
                    inTransaction.countDown();
                    try {
                        letItFinish.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });

            notification = CompletableFuture.supplyAsync(() -> store.notifySandbox(orderNo, amount, "T-DRAIN"));
            assertThat(inTransaction.await(20, TimeUnit.SECONDS))
                    .as("the notification reached its transaction")
                    .isTrue();
            stopped = CompletableFuture.runAsync(store::close);
            awaitRefusingConnections(store.app().port());
            assertThat(stopped).as("the stop waits for the payment in flight").isNotDone();

            letItFinish.countDown();
            Http.Answer answer = notification.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            stopped.get(30, TimeUnit.SECONDS);
        }

        try (TestStore again = TestStore.builder().dataDir(dir).start()) {
            assertThat(again.app().orders().find(orderNo).orElseThrow().status())
                    .isEqualTo("delivered");
        }
    }

    /** New connections are refused once the stop has begun: a load balancer moves on to other nodes. */
    private static void awaitRefusingConnections(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the stopping store still accepts connections");
    }
}
