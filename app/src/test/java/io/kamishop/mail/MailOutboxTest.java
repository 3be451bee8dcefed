package io.kamishop.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailOutboxTest {

    private static String pay(TestStore store, long product, String email, long amount) {
        JsonNode placed = store.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox"))
                .json();
        String orderNo = placed.get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, amount, "t-" + orderNo).status())
                .isEqualTo(200);
        return orderNo;
    }

    private static String part(MimeMessage message, String type) throws Exception {
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            if (multipart.getBodyPart(i).isMimeType(type)) {
                return (String) multipart.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    @Test
    void deliveredKeysArriveByMailAsTextAndHtmlInBothLanguages() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (TestStore store = TestStore.start()) {
            Http.Answer configured = store.http()
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
                                    "smtp-secret-123"));
            assertThat(configured.status()).isEqualTo(200);
            long product = store.createProduct("Game <Deluxe>", 990, "CNY");
            store.importKeys(product, List.of("KEY-<1>&2"));

            String orderNo = pay(store, product, "buyer@example.com", 990);
            store.app().mailOutbox().sendDue();

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(1);
            MimeMessage mail = received[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("buyer@example.com");
            assertThat(mail.getSubject()).contains(orderNo).contains("您的卡密").contains("Your keys");
            assertThat(mail.isMimeType("multipart/alternative")).isTrue();
            String text = part(mail, "text/plain");
            String html = part(mail, "text/html");
            assertThat(text)
                    .contains("KEY-<1>&2")
                    .contains("9.90 CNY")
                    .contains("卡密")
                    .contains("Your keys");
            assertThat(html)
                    .contains("KEY-&lt;1&gt;&amp;2")
                    .contains("Game &lt;Deluxe&gt;")
                    .doesNotContain("KEY-<1>");
            JsonNode outbox = store.http().adminGet("/api/admin/mail/outbox").json();
            assertThat(outbox)
                    .extracting(
                            m -> m.get("kind").asText() + ":" + m.get("status").asText())
                    .as("paid and delivered in one transaction: the keys mail only, no \"payment received\" row")
                    .containsExactly("keys_delivered:sent");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void keysMailPutsEachKeyOnItsOwnLineApartFromTheTextWithTheOrderLink() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (TestStore store = TestStore.start()) {
            store.mailThrough(smtp.getSmtp().getPort());
            long product = store.createProduct("Three keys", 300, "CNY");
            store.importKeys(product, List.of("AAAA-1111", "BBBB-2222", "CCCC-3333"));
            JsonNode placed = store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    3,
                                    "email",
                                    "three@example.com",
                                    "channel",
                                    "sandbox"))
                    .json();
            String orderNo = placed.get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 900, "t-" + orderNo).status())
                    .isEqualTo(200);
            store.app().mailOutbox().sendDue();

            MimeMessage mail = smtp.getReceivedMessages()[0];
            List<String> lines = part(mail, "text/plain").lines().toList();
            List<String> keys = List.of("AAAA-1111", "BBBB-2222", "CCCC-3333");
            int first = lines.indexOf(keys.get(0));
            assertThat(first).as("the first key alone on its line").isPositive();
            assertThat(lines.subList(first, first + 3)).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(lines.get(first - 1)).as("a blank line before the keys").isBlank();
            assertThat(lines.get(first + 3)).as("a blank line after the keys").isBlank();

            String html = part(mail, "text/html");
            for (String key : keys) {
                assertThat(html).contains("<li style=\"margin: 4px 0\"><code>" + key + "</code></li>");
            }
            // The order link opens the order page with its keys, though the checkout token is not stored.
            String link = lines.stream()
                    .filter(l -> l.contains("/orders/" + orderNo + "?token="))
                    .findFirst()
                    .orElseThrow();
            assertThat(html).contains("href=\"" + link.strip() + "\"");
            String path = link.strip().replaceFirst("^https?://[^/]+", "");
            Http.Answer page = store.http().openOrder(path);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("BBBB-2222");
            // The link's token opens only its own order.
            store.importKeys(product, List.of("DDDD-4444"));
            String other = store.order(product, 1).json().get("orderNo").asText();
            assertThat(store.http().get(path.replace(orderNo, other)).status()).isEqualTo(404);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aMailToAnAddressNoServerTakesIsGivenUpAtOnce() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_SMTP_HOST", "127.0.0.1")
                .env("KAMISHOP_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()))
                .env("KAMISHOP_SMTP_FROM", "shop@example.com")
                .env("KAMISHOP_SMTP_SECURITY", "none")
                .start()) {
            long product = store.createProduct("Game", 500, "CNY");
            store.importKeys(product, List.of("K-1"));
            pay(store, product, "buyer(@example.com", 500);

            store.app().mailOutbox().sendDue();

            JsonNode failed = store.http()
                    .adminGet("/api/admin/mail/outbox?status=failed")
                    .json();
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).get("attempts").asInt()).isEqualTo(1);
            assertThat(smtp.getReceivedMessages()).isEmpty();
        } finally {
            smtp.stop();
        }
    }

    @Test
    void smtpPasswordIsSealedAtRestAndMaskedWhenRead() throws Exception {
        try (TestStore store = TestStore.start()) {
            store.http()
                    .adminPutJson(
                            "/api/admin/mail/settings",
                            Map.of("host", "mail.example.com", "password", "smtp-secret-123"));
            assertThat(store.http()
                            .adminGet("/api/admin/mail/settings")
                            .json()
                            .get("password")
                            .asText())
                    .isEqualTo("********");
            store.http().adminPutJson("/api/admin/mail/settings", Map.of("password", "********", "port", 2525));

            String stored = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT value FROM settings WHERE scope = 'mail' AND name = 'password'")
                            .mapTo(String.class)
                            .one());
            assertThat(stored).doesNotContain("smtp-secret");
            assertThat(store.http()
                            .adminPutJson("/api/admin/mail/settings", Map.of("security", "maybe"))
                            .status())
                    .isEqualTo(422);
            assertThat(store.http()
                            .adminGet("/api/admin/mail/settings")
                            .json()
                            .get("port")
                            .asText())
                    .isEqualTo("2525");
        }
    }

    @Test
    void thePasswordGoesOnlyToTheHostItWasEnteredForAndNeverInClear() {
        try (TestStore store = TestStore.start()) {
            String path = "/api/admin/mail/settings";
            assertThat(store.http()
                            .adminPutJson(
                                    path,
                                    Map.of(
                                            "host",
                                            "mail.example.com",
                                            "username",
                                            "shop",
                                            "password",
                                            "smtp-secret-123"))
                            .status())
                    .isEqualTo(200);

            Http.Answer moved = store.http().adminPutJson(path, Map.of("host", "collector.example"));
            Http.Answer movedMasked =
                    store.http().adminPutJson(path, Map.of("host", "collector.example", "password", "********"));
            for (Http.Answer refused : List.of(moved, movedMasked)) {
                assertThat(refused.status()).isEqualTo(422);
                assertThat(refused.body()).contains("enter it again");
            }
            assertThat(store.http().adminGet(path).json().get("host").asText()).isEqualTo("mail.example.com");
            assertThat(store.http()
                            .adminPutJson(path, Map.of("host", "smtp.example.net", "password", "another-secret"))
                            .status())
                    .isEqualTo(200);

            Http.Answer clear = store.http().adminPutJson(path, Map.of("security", "none"));
            assertThat(clear.status()).isEqualTo(422);
            assertThat(clear.body()).contains("unencrypted");
            assertThat(store.http()
                            .adminPutJson(path, Map.of("security", "none", "allowPlaintextPassword", "true"))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void noMailIsLostWhileTheMailServerIsDown() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // nothing listens here once the probe closes: the "outage"
        }
        MutableClock clock = MutableClock.now();
        try (TestStore store = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_SMTP_HOST", "127.0.0.1")
                .env("KAMISHOP_SMTP_PORT", String.valueOf(port))
                .env("KAMISHOP_SMTP_FROM", "shop@example.com")
                .env("KAMISHOP_SMTP_SECURITY", "none")
                .start()) {
            long product = store.createProduct("Game", 500, "CNY");
            store.importKeys(product, List.of("OUTAGE-1", "OUTAGE-2", "OUTAGE-3"));
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                orders.add(pay(store, product, "buyer" + i + "@example.com", 500));
            }
            assertThat(store.app().mailOutbox().sendDue()).isZero();
            clock.advance(Duration.ofMinutes(5)); // a retry during the outage fails too
            assertThat(store.app().mailOutbox().sendDue()).isZero();
            JsonNode waiting = store.http()
                    .adminGet("/api/admin/mail/outbox?status=pending")
                    .json();
            assertThat(waiting).hasSize(3);
            assertThat(waiting).allSatisfy(m -> {
                assertThat(m.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(m.get("lastError").asText()).isNotBlank();
            });

            GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                clock.advance(Duration.ofHours(2));
                store.app().mailOutbox().sendDue();

                MimeMessage[] received = smtp.getReceivedMessages();
                assertThat(received).hasSize(3);
                List<String> bodies =
                        Arrays.stream(received).map(GreenMailUtil::getBody).toList();
                for (String key : List.of("OUTAGE-1", "OUTAGE-2", "OUTAGE-3")) {
                    assertThat(bodies).anySatisfy(body -> assertThat(body).contains(key));
                }
                assertThat(store.http()
                                .adminGet("/api/admin/mail/outbox?status=pending")
                                .json())
                        .isEmpty();
                assertThat(store.http()
                                .adminGet("/api/admin/mail/outbox?status=sent")
                                .json())
                        .hasSize(3);
            } finally {
                smtp.stop();
            }
        }
    }
}
