package io.kamishop.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.db.Handles;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Sign-in code mails as the outbox's {@code mail-code} topic: sealed while they wait, quick, and erased when done. */
class CodeMailsTest {

    private static final Pattern CODE = Pattern.compile("Your sign-in code: ([0-9]{6})");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A code mail's outbox row, as stored. */
    private record CodeRow(String status, int attempts, long nextAttemptAt, String payload, String lastError) {}

    private static List<CodeRow> codeRows(TestStore store) {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT status, attempts, next_attempt_at, payload, last_error FROM outbox "
                                + "WHERE topic = 'mail-code' ORDER BY id")
                        .map((rs, ctx) -> new CodeRow(
                                rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getString(5)))
                        .list());
    }

    private static CodeRow onlyRow(TestStore store) {
        List<CodeRow> rows = codeRows(store);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static void askForCode(TestStore store, String email) {
        assertThat(store.http()
                        .postJson("/api/account/code", Map.of("email", email))
                        .status())
                .isEqualTo(202);
    }

    private static TestStore storeMailingTo(int port, MutableClock clock) {
        return TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_SMTP_HOST", "127.0.0.1")
                .env("KAMISHOP_SMTP_PORT", String.valueOf(port))
                .env("KAMISHOP_SMTP_FROM", "shop@example.com")
                .env("KAMISHOP_SMTP_SECURITY", "none")
                .start();
    }

    @Test
    void aCodeMailGoesOutThroughTheOutboxRightAfterTheCodeIsIssuedAndItsSealedCodeIsErased() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (TestStore store = TestStore.start()) {
            store.mailThrough(smtp.getSmtp().getPort());
            askForCode(store, "buyer@example.com");

            // No sendDue here: the outbox's own task, woken by the commit that owed the mail, sends it. Its
            // periodic pass is 10 s after the store started, so a mail within 5 s of asking is the wake's.
            assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("buyer@example.com");
            Matcher code = CODE.matcher(mail.getSubject());
            assertThat(code.find()).isTrue();
            assertThat(GreenMailUtil.getBody(mail)).contains(code.group(1));

            store.app().mailOutbox().sendDue(); // waits for a pass in flight, so the row below is final
            CodeRow row = onlyRow(store);
            assertThat(row.status()).isEqualTo("sent");
            assertThat(row.lastError()).isNull();
            assertThat(row.payload())
                    .as("the sealed code and the address are gone")
                    .isEqualTo("{}");
            assertThat(store.http()
                            .postJson(
                                    "/api/account/sign-in", Map.of("email", "buyer@example.com", "code", code.group(1)))
                            .status())
                    .as("the mailed code signs in")
                    .isEqualTo(200);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aCodeWaitsSealedWhileMailIsNotSetUpAndGoesOnceItIs() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (TestStore store = TestStore.start()) {
            askForCode(store, "buyer@example.com");
            assertThat(store.app().mailOutbox().sendDue()).isZero();
            CodeRow waiting = onlyRow(store);
            assertThat(waiting.status()).isEqualTo("pending");
            assertThat(waiting.attempts())
                    .as("no attempt spent without a mail server")
                    .isZero();
            JsonNode payload = JSON.readTree(waiting.payload());
            assertThat(payload.get("recipient").asText()).isEqualTo("buyer@example.com");
            assertThat(payload.get("sealedCode").asText()).isNotBlank();

            store.mailThrough(smtp.getSmtp().getPort());
            store.app().mailOutbox().sendDue();

            assertThat(smtp.getReceivedMessages()).hasSize(1);
            Matcher code = CODE.matcher(smtp.getReceivedMessages()[0].getSubject());
            assertThat(code.find()).isTrue();
            assertThat(waiting.payload())
                    .as("the code waited sealed, never in clear")
                    .doesNotContain(code.group(1));
            assertThat(onlyRow(store).payload()).isEqualTo("{}");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void anExpiredCodeIsNotMailedAndItsRowEndsWithoutItsSealedCode() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        MutableClock clock = MutableClock.now();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            askForCode(store, "buyer@example.com"); // no mail server yet: the mail waits
            clock.advance(Duration.ofMinutes(10).plusSeconds(1)); // a code lives ten minutes

            store.mailThrough(smtp.getSmtp().getPort());
            assertThat(store.app().mailOutbox().sendDue()).as("nothing sent").isZero();

            assertThat(smtp.getReceivedMessages()).isEmpty();
            CodeRow row = onlyRow(store);
            assertThat(row.status()).as("ended, not left to retry").isEqualTo("sent");
            assertThat(row.lastError()).isEqualTo("expired");
            assertThat(row.payload()).isEqualTo("{}");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aCodeMailTheServerRefusesIsTriedFiveTimesFifteenSecondsApartThenGivenUpAndErased() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // nothing listens here once the probe closes: every attempt fails
        }
        MutableClock clock = MutableClock.now();
        try (TestStore store = storeMailingTo(port, clock)) {
            askForCode(store, "buyer@example.com");

            // The store's own task may take some attempts: each still waits 15 s from its failure.
            List<Long> waits = new ArrayList<>();
            CodeRow row = onlyRow(store);
            for (int pass = 0; row.status().equals("pending") && pass < 20; pass++) {
                clock.advance(Duration.ofMillis(Math.max(0, row.nextAttemptAt() - clock.millis())));
                store.app().mailOutbox().sendDue();
                row = onlyRow(store);
                if (row.attempts() > waits.size()) {
                    waits.add(row.nextAttemptAt() - clock.millis());
                }
            }
            assertThat(row.status()).as("given up").isEqualTo("dead");
            assertThat(row.attempts())
                    .as("after five attempts, not the outbox's sixty")
                    .isEqualTo(5);
            assertThat(waits.subList(0, 4)).as("15 s apart, not doubling").containsOnly(15_000L);
            assertThat(row.lastError()).isNotBlank();
            assertThat(row.payload()).as("a given-up code keeps no sealed copy").isEqualTo("{}");
        }
    }

    @Test
    void aCodeMailBeingSentHoldsItsRowForTwoMinutesNotTheOutboxsFive() throws Exception {
        MutableClock clock = MutableClock.now();
        try (ServerSocket hanging = new ServerSocket(0);
                TestStore store = storeMailingTo(hanging.getLocalPort(), clock)) {
            hanging.setSoTimeout(30_000);
            askForCode(store, "buyer@example.com");
            Thread sender = new Thread(() -> store.app().mailOutbox().sendDue());
            sender.start();
            try (Socket connected = hanging.accept()) {
                // The send hangs waiting for the server's greeting: its row is leased meanwhile.
                CodeRow leased = onlyRow(store);
                assertThat(leased.status()).isEqualTo("pending");
                assertThat(leased.attempts()).isEqualTo(1);
                assertThat(leased.nextAttemptAt() - clock.millis())
                        .isEqualTo(Duration.ofMinutes(2).toMillis());
            } // closing the connection fails the send
            sender.join(30_000);
            store.app().mailOutbox().sendDue();
            CodeRow retried = onlyRow(store);
            assertThat(retried.attempts()).isEqualTo(1);
            assertThat(retried.nextAttemptAt() - clock.millis()).isEqualTo(15_000L);
        }
    }
}
