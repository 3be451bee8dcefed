package io.kamishop.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.TestStore;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Buyer accounts through the API: a mailed one-time code, a buyer session, "my orders", merchant-granted credit. */
class BuyerAccountTest {

    private static final Pattern CODE = Pattern.compile("Your sign-in code: ([0-9]{6})");

    private GreenMail smtp;
    private TestStore store;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        store = TestStore.start();
        store.mailThrough(smtp.getSmtp().getPort());
    }

    @AfterEach
    void stop() {
        try {
            LedgerInvariants.hold(store.app().database());
        } finally {
            store.close();
            smtp.stop();
        }
    }

    @Test
    void aMailedCodeSignsTheBuyerInAndListsTheOrdersOfTheVerifiedAddressWithTheirKeys() throws Exception {
        long product = store.createProduct("Game", 990, "CNY");
        store.importKeys(product, List.of("KEY-MINE", "KEY-OTHER"));
        String mine = pay(product, "Buyer@Example.com");
        pay(product, "someone.else@example.com");

        String cookie = signIn("buyer@example.com");

        Http.Answer orders = withCookie("/api/account/orders", cookie);
        assertThat(orders.status()).isEqualTo(200);
        JsonNode list = orders.json().get("orders");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("orderNo").asText()).isEqualTo(mine);
        assertThat(list.get(0).get("keys").get(0).asText()).isEqualTo("KEY-MINE");
        JsonNode account = withCookie("/api/account", cookie).json();
        assertThat(account.get("email").asText()).isEqualTo("buyer@example.com");
    }

    @Test
    void theCodeIsNeverStoredInClearAndItsSealedCopyGoesOnceMailed() throws Exception {
        assertThat(store.http()
                        .postJson("/api/account/code", Map.of("email", "buyer@example.com"))
                        .status())
                .isEqualTo(202);
        store.app().mailOutbox().sendDue();
        String code = lastCode();

        List<Map<String, Object>> rows = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT code_hash AS v FROM buyer_sign_in_codes "
                                + "UNION ALL SELECT payload AS v FROM outbox WHERE topic = 'mail-code'")
                        .mapToMap()
                        .list());
        assertThat(rows)
                .hasSize(2)
                .allSatisfy(row -> assertThat(String.valueOf(row.get("v"))).doesNotContain(code));
        long sealed = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery(
                                "SELECT COUNT(*) FROM outbox WHERE topic = 'mail-code' AND payload LIKE '%sealedCode%'")
                        .mapTo(Long.class)
                        .one());
        assertThat(sealed).as("sent mails keep no sealed code").isZero();
    }

    @Test
    void fiveWrongGuessesBurnTheCodeAndAUsedCodeDoesNotSignInTwice() throws Exception {
        store.http().postJson("/api/account/code", Map.of("email", "buyer@example.com"));
        store.app().mailOutbox().sendDue();
        String code = lastCode();
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < BuyerSignIn.GUESSES; i++) {
            Http.Answer guess =
                    store.http().postJson("/api/account/sign-in", Map.of("email", "buyer@example.com", "code", wrong));
            assertThat(guess.status()).isEqualTo(401);
            assertThat(guess.errorCode()).isEqualTo("invalid_code");
        }
        assertThat(store.http()
                        .postJson("/api/account/sign-in", Map.of("email", "buyer@example.com", "code", code))
                        .status())
                .as("the right code after five wrong guesses")
                .isEqualTo(401);

        String cookie = signIn("buyer@example.com");
        assertThat(cookie).isNotBlank();
        String used = lastCode();
        assertThat(store.http()
                        .postJson("/api/account/sign-in", Map.of("email", "buyer@example.com", "code", used))
                        .status())
                .as("a code signs in once")
                .isEqualTo(401);
    }

    @Test
    void anAddressGetsAtMostFiveCodesInAQuarterHour() {
        for (int i = 0; i < BuyerSignIn.CODES_PER_WINDOW; i++) {
            assertThat(store.http()
                            .postJson("/api/account/code", Map.of("email", "flood@example.com"))
                            .status())
                    .isEqualTo(202);
        }
        Http.Answer sixth = store.http().postJson("/api/account/code", Map.of("email", "FLOOD@example.com"));
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.errorCode()).isEqualTo("rate_limited");
    }

    @Test
    void withoutALiveSessionTheAccountIsClosedAndBadInputIsAClear400() {
        assertThat(store.http().get("/api/account").errorCode()).isEqualTo("not_signed_in");
        assertThat(withCookie("/api/account/orders", "kamishop_buyer=forged").status())
                .isEqualTo(401);
        assertThat(store.http()
                        .postJson("/api/account/code", Map.of("email", "not-an-address"))
                        .errorCode())
                .isEqualTo("invalid_email");
        assertThat(store.http()
                        .postJson("/api/account/sign-in", Map.of("email", "a@example.com", "code", "12ab"))
                        .errorCode())
                .isEqualTo("invalid_code");
    }

    @Test
    void aSignedOutSessionNoLongerOpensTheAccount() throws Exception {
        String cookie = signIn("buyer@example.com");
        Http.Answer out = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/account/sign-out"))
                                .header("Cookie", cookie)
                                .POST(HttpRequest.BodyPublishers.noBody()),
                        false);
        assertThat(out.status()).isEqualTo(204);
        assertThat(withCookie("/api/account", cookie).status()).isEqualTo(401);
    }

    @Test
    void theMerchantGrantsStoreCreditOncePerIdempotencyKey() throws Exception {
        Map<String, Object> grant =
                Map.of("email", "Buyer@Example.com", "amount", 500, "currency", "CNY", "idempotencyKey", "g-1");
        Http.Answer first = store.http().adminPostJson("/api/admin/buyers/credit", grant);
        Http.Answer again = store.http().adminPostJson("/api/admin/buyers/credit", grant);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.json().get("reference").asText())
                .isEqualTo(first.json().get("reference").asText());
        assertThat(again.json().at("/account/balances/CNY").asLong()).isEqualTo(500);

        String cookie = signIn("buyer@example.com");
        assertThat(withCookie("/api/account", cookie).json().at("/balances/CNY").asLong())
                .isEqualTo(500);
        assertThat(store.http()
                        .adminPostJson(
                                "/api/admin/buyers/credit",
                                Map.of("email", "buyer@example.com", "amount", 0, "currency", "CNY"))
                        .errorCode())
                .isEqualTo("invalid_amount");
        assertThat(store.http().postJson("/api/admin/buyers/credit", grant).status())
                .as("no admin token")
                .isEqualTo(401);
    }

    @Test
    void anApiCreditGrantIsAuditedOnceLikeThePagesAndARefusedOneIsNot() {
        Map<String, Object> grant = Map.of(
                "email",
                "audited@example.com",
                "amount",
                700,
                "currency",
                "CNY",
                "idempotencyKey",
                "api-1",
                "memo",
                "goodwill");
        assertThat(store.http().adminPostJson("/api/admin/buyers/credit", grant).status())
                .isEqualTo(201);
        assertThat(store.http().adminPostJson("/api/admin/buyers/credit", grant).status())
                .isEqualTo(201);
        assertThat(store.http()
                        .adminPostJson(
                                "/api/admin/buyers/credit",
                                Map.of("email", "audited@example.com", "amount", -5, "currency", "CNY"))
                        .status())
                .isEqualTo(422);

        List<String> details = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT detail FROM audit_log WHERE action = 'buyer.credit' ORDER BY seq")
                        .mapTo(String.class)
                        .list());
        long account = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT id FROM buyer_accounts WHERE email_lower = 'audited@example.com'")
                        .mapTo(Long.class)
                        .one());
        assertThat(details)
                .as("the replay and the refused grant are not granted, so not audited")
                .containsExactly("700 CNY to buyer " + account + " (grant:key:api-1)");
    }

    private String pay(long product, String email) {
        JsonNode placed = store.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox"))
                .json();
        String orderNo = placed.get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, placed.get("amount").asLong(), "t-" + orderNo)
                        .status())
                .isEqualTo(200);
        return orderNo;
    }

    /** Asks for a code, reads it from the mail, signs in: the session cookie ("name=value"). */
    private String signIn(String email) throws Exception {
        assertThat(store.http()
                        .postJson("/api/account/code", Map.of("email", email))
                        .status())
                .isEqualTo(202);
        store.app().mailOutbox().sendDue();
        Http.Answer signedIn =
                store.http().postJson("/api/account/sign-in", Map.of("email", email, "code", lastCode()));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        String setCookie = signedIn.header("Set-Cookie");
        assertThat(setCookie)
                .startsWith(AccountRoutes.SESSION_COOKIE + "=")
                .contains("HttpOnly")
                .contains("SameSite=Lax");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** The code of the newest sign-in mail (order mails may arrive in between). */
    private String lastCode() throws Exception {
        MimeMessage[] received = smtp.getReceivedMessages();
        for (int i = received.length - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(received[i].getSubject());
            if (m.find()) {
                assertThat(GreenMailUtil.getBody(received[i])).contains(m.group(1));
                return m.group(1);
            }
        }
        throw new AssertionError("no sign-in code mail among " + received.length);
    }

    private Http.Answer withCookie(String path, String cookie) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Cookie", cookie)
                                .GET(),
                        false);
    }
}
