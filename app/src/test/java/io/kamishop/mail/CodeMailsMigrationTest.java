package io.kamishop.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.cluster.LocalChangeBus;
import io.kamishop.config.AppConfig;
import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.db.Dialect;
import io.kamishop.db.Handles;
import io.kamishop.outbox.Outbox;
import io.kamishop.outbox.OutboxMessage;
import io.kamishop.settings.ScopedSettings;
import io.kamishop.testing.OlderSchema;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V603: a sign-in code still waiting in V301's {@code mail_codes} goes over to the outbox and is mailed from there. */
class CodeMailsMigrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBox box = new SecretBox(filled(32, 9));

    @Test
    void aWaitingCodeMailIsCarriedIntoTheOutboxAndMailedFromThereOnSqlite(@TempDir Path dir) throws Exception {
        aWaitingCodeMailIsCarriedIntoTheOutboxAndMailedFromThere(
                "jdbc:sqlite:" + dir.resolve("kamishop.db"), Dialect.SQLITE, dir);
    }

    @PostgresTest
    @Test
    void aWaitingCodeMailIsCarriedIntoTheOutboxAndMailedFromThereOnPostgresql(@TempDir Path dir) throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema()) {
            aWaitingCodeMailIsCarriedIntoTheOutboxAndMailedFromThere(pg.url(), Dialect.POSTGRESQL, dir);
        }
    }

    private void aWaitingCodeMailIsCarriedIntoTheOutboxAndMailedFromThere(String url, Dialect dialect, Path dir)
            throws Exception {
        OlderSchema.migrateTo(url, dialect, "602");
        long now = System.currentTimeMillis();
        long expiresAt = now + 600_000;
        String sealed = box.sealText("424242", "mail-code:buyer@example.com"); // as V301's sender sealed it
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO mail_codes (recipient, sealed_code, expires_at, status, attempts, next_attempt_at, "
                                + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : List.of(
                    new Object[] {"buyer@example.com", sealed, "pending", 1},
                    new Object[] {"earlier@example.com", null, "sent", 1},
                    new Object[] {"gone@example.com", null, "skipped", 0})) {
                insert.setString(1, (String) row[0]);
                if (row[1] == null) {
                    insert.setNull(2, Types.VARCHAR);
                } else {
                    insert.setString(2, (String) row[1]);
                }
                insert.setLong(3, expiresAt);
                insert.setString(4, (String) row[2]);
                insert.setInt(5, (Integer) row[3]);
                insert.setLong(6, now - 1_000);
                insert.setLong(7, now - 60_000);
                insert.executeUpdate();
            }
        }

        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (Database db = Database.open(url)) {
            Clock clock = Clock.systemUTC();
            Outbox outbox = new Outbox(db, clock);
            List<OutboxMessage> carried = outbox.recent("mail-code", null, 10);
            assertThat(carried)
                    .as("the waiting code only; ended rows had nothing left")
                    .hasSize(1);
            OutboxMessage row = carried.get(0);
            assertThat(row.status()).isEqualTo("pending");
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.nextAttemptAt()).isEqualTo(now - 1_000);
            assertThat(row.createdAt()).isEqualTo(now - 60_000);
            assertThat(row.orderId()).isNull();
            JsonNode payload = JSON.readTree(row.payload());
            assertThat(payload.get("recipient").asText()).isEqualTo("buyer@example.com");
            assertThat(payload.get("sealedCode").asText())
                    .as("the same sealed code")
                    .isEqualTo(sealed);
            assertThat(payload.get("expiresAt").asLong()).isEqualTo(expiresAt);
            assertThatThrownBy(() -> db.read(tx -> Handles.of(tx)
                            .createQuery("SELECT COUNT(*) FROM mail_codes")
                            .mapTo(Long.class)
                            .one()))
                    .as("the second queue is gone")
                    .hasMessageContaining("mail_codes");

            AppConfig config = AppConfig.load(
                    Map.of(
                            "KAMISHOP_SMTP_HOST", "127.0.0.1",
                            "KAMISHOP_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()),
                            "KAMISHOP_SMTP_FROM", "shop@example.com",
                            "KAMISHOP_SMTP_SECURITY", "none"),
                    new AppConfig.Flags(dir, 0, url, false));
            ScopedSettings settings = new ScopedSettings(db, clock, new LocalChangeBus(db));
            outbox.register(new CodeMails(
                    outbox,
                    new MailSettings(settings, box, config),
                    new StoreSettings(settings, config, theme -> true),
                    box,
                    new MailRenderer(),
                    clock));
            assertThat(outbox.sendDue("mail-code")).isEqualTo(1);

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(1);
            assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("buyer@example.com");
            assertThat(received[0].getSubject())
                    .as("the code sealed before the upgrade")
                    .contains("424242");
            assertThat(outbox.recent("mail-code", null, 10).get(0).payload()).isEqualTo("{}");
        } finally {
            smtp.stop();
        }
    }

    private static byte[] filled(int n, int value) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
