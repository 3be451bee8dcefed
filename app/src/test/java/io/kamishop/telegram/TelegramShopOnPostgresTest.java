package io.kamishop.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.ScratchDirs;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bot's tables, its upserts and its polling as a leader duty, on PostgreSQL. */
@PostgresTest
class TelegramShopOnPostgresTest {

    @Test
    void aPurchaseInTheChatDeliversOnceOnPostgresAndARestartHandlesNothingTwice() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                FakeTelegram telegram = new FakeTelegram()) {
            String orderNo;
            java.nio.file.Path dir = ScratchDirs.create("telegram-pg"); // one master key for both starts
            try (TestStore store = start(pg, dir)) {
                long productId = store.createProduct("Game Key", 700, "CNY");
                store.importKeys(productId, List.of("PG-KEY-1", "PG-KEY-2"));
                TelegramShopTest.configure(store, telegram);
                orderNo = TelegramShopTest.buyThroughChat(telegram, TelegramShopTest.BUYER, 1);
                assertThat(store.notifySandbox(orderNo, 700, "T-" + orderNo).status())
                        .isEqualTo(200);
                telegram.awaitMessage(TelegramShopTest.BUYER, t -> t.contains("Your keys"), TelegramShopTest.WAIT);
                TelegramShopTest.awaitAllTaken(telegram);
            }
            try (TestStore store = start(pg, dir)) {
                telegram.userSends(TelegramShopTest.BUYER, "/orders");
                String mine = telegram.awaitMessage(
                                TelegramShopTest.BUYER, t -> t.startsWith("Your latest orders"), TelegramShopTest.WAIT)
                        .text();
                assertThat(mine).contains(orderNo).contains("delivered");
                Thread.sleep(1500);
                assertThat(telegram.sentTo(TelegramShopTest.BUYER).stream()
                                .filter(x -> x.text().contains("Your keys"))
                                .count())
                        .isEqualTo(1);

                // "Resend the keys" on a bot order: once more to the chat (asked twice before it goes), no mail.
                // (Telegram is down meanwhile, so the first ask is certainly still owed when the second comes.)
                io.kamishop.order.Order order = store.app().orders().require(orderNo);
                telegram.goDown();
                boolean first = store.app().mailOutbox().resendKeys(order);
                boolean second = store.app().mailOutbox().resendKeys(order);
                assertThat(first).isTrue();
                assertThat(second).isFalse();
                telegram.comeBack();
                telegram.awaitMessage(
                        TelegramShopTest.BUYER,
                        t -> t.contains("Your keys")
                                && telegram.sentTo(TelegramShopTest.BUYER).stream()
                                                .filter(x -> x.text().contains("Your keys"))
                                                .count()
                                        == 2,
                        TelegramShopTest.WAIT);
            }
            try (Connection c = pg.connect();
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT o.status, t.telegram_user_id, t.language,"
                            + " (SELECT COUNT(*) FROM outbox WHERE topic = 'mail')"
                            + " FROM telegram_orders t JOIN outbox o ON o.order_id = t.order_id"
                            + " AND o.topic = 'telegram-keys'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("sent");
                assertThat(rows.getLong(2)).isEqualTo(TelegramShopTest.BUYER);
                assertThat(rows.getString(3))
                        .as("the buyer's Telegram client language, kept for the keys message")
                        .isEqualTo("en");
                assertThat(rows.getLong(4)).isZero();
                assertThat(rows.next()).isFalse();
            }
        }
    }

    private static TestStore start(TestPostgres pg, java.nio.file.Path dir) {
        return TestStore.builder()
                .dataDir(dir)
                .env("KAMISHOP_DB_URL", pg.url())
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
    }
}
