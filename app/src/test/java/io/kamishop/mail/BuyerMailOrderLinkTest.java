package io.kamishop.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every buyer mail carries the order link, in its text and its HTML part: the "payment received" mail of an
 * order held for review (the one mail such a buyer gets until the merchant decides) opens a page that says the
 * order is being reviewed, never that it waits for payment.
 */
class BuyerMailOrderLinkTest {

    private static final Pattern LINK = Pattern.compile("https?://\\S+/orders/(\\d+)\\?token=[A-Za-z0-9_%.-]+");

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
    void thePaymentReceivedMailOfAReviewedOrderLinksToAPageSayingItIsBeingReviewed() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (TestStore store = TestStore.start()) {
            store.mailThrough(smtp.getSmtp().getPort());
            assertThat(store.http()
                            .adminPutJson(
                                    "/api/admin/plugins/risk-basic/config",
                                    Map.of(
                                            "mode",
                                            "enforce",
                                            "disposableEmails",
                                            "review",
                                            "disposableEmailDomains",
                                            "held.example"))
                            .status())
                    .isEqualTo(200);
            long product = store.createProduct("Held game", 700, "CNY");
            store.importKeys(product, List.of("HELD-1"));
            JsonNode placed = store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    1,
                                    "email",
                                    "buyer@held.example",
                                    "channel",
                                    "sandbox"))
                    .json();
            String orderNo = placed.get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 700, "t-" + orderNo).status())
                    .isEqualTo(200);
            store.app().mailOutbox().sendDue();

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(1);
            String text = part(received[0], "text/plain");
            Matcher link = LINK.matcher(text);
            assertThat(link.find()).as(text).isTrue();
            assertThat(link.group(1)).isEqualTo(orderNo);
            assertThat(part(received[0], "text/html")).contains("href=\"" + link.group() + "\"");

            Http.Answer page = store.http().openOrder(link.group().replaceFirst("^https?://[^/]+", ""));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .contains("data-progress=\"in_review\"")
                    .contains("Paid, being reviewed")
                    .doesNotContain("Waiting for");
        } finally {
            smtp.stop();
        }
    }
}
