package io.kamishop.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The merchant's proof-of-work brake on checkout and look-ups, one policy at every door: no proof, a wrong
 * nonce, a forged or expired challenge and a replayed solution are each a 403 that changes nothing; a fresh
 * solution is spent once.
 */
class ProofOfWorkTest {

    private static final int BITS = 8;

    MutableClock clock = MutableClock.now();
    TestStore store;
    long product;

    @BeforeEach
    void start() {
        // Trusted proxy on loopback, so the suspicious-address tests can speak from other addresses.
        store = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_TRUSTED_PROXIES", "127.0.0.1/32, ::1")
                .start();
        product = store.createProduct("Guarded game", 500, "CNY");
        store.importKeys(product, List.of("POW-1", "POW-2", "POW-3"));
        Http.Answer on =
                store.http().adminPutJson("/api/admin/settings", Map.of("proofOfWork", true, "proofOfWorkBits", BITS));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private String challenge() {
        JsonNode answer = store.http().get("/api/challenge").json();
        assertThat(answer.get("required").asBoolean()).isTrue();
        assertThat(answer.get("bits").asInt()).isEqualTo(BITS);
        return answer.get("challenge").asText();
    }

    static String solve(String challenge, boolean right) {
        for (long nonce = 0; ; nonce++) {
            boolean solves = ProofOfWork.leadingZeroBits(ProofOfWork.sha256(challenge + ":" + nonce)) >= BITS;
            if (solves == right) {
                return challenge + ":" + nonce;
            }
        }
    }

    private Http.Answer order(String proof) {
        HttpRequest.Builder request = HttpRequest.newBuilder(store.http().uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(Map.of(
                        "productId", product, "quantity", 1, "email", "buyer@example.com", "channel", "sandbox"))));
        if (proof != null) {
            request.header(ProofOfWork.HEADER, proof);
        }
        return store.http().send(request, false);
    }

    private long available() {
        return store.stock(product).get("available").asLong();
    }

    @Test
    void anOrderWithoutAProofOrWithAWrongOneIsRefusedAndChangesNothing() {
        Http.Answer none = order(null);
        Http.Answer wrongNonce = order(solve(challenge(), false));
        String genuine = challenge();
        String[] fields = genuine.split("\\.");
        String easier = fields[0] + "." + fields[1] + ".1." + fields[3]; // a lower difficulty than the store signed
        Http.Answer forged = order(solve(easier, true));
        Http.Answer garbage = order("not-a-proof");

        assertThat(none.status()).isEqualTo(403);
        assertThat(none.errorCode()).isEqualTo("proof_of_work_required");
        assertThat(List.of(wrongNonce, forged, garbage)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(403);
            assertThat(a.errorCode()).isEqualTo("proof_of_work_invalid");
        });
        assertThat(available()).isEqualTo(3);
        assertThat(store.http().adminGet("/api/admin/orders.csv").body().lines().count())
                .as("header line only")
                .isEqualTo(1);
    }

    @Test
    void aSolvedChallengePlacesOneOrderAndItsReplayIsRefused() {
        String proof = solve(challenge(), true);

        Http.Answer first = order(proof);
        Http.Answer replay = order(proof);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(403);
        assertThat(replay.errorCode()).isEqualTo("proof_of_work_invalid");
        assertThat(available()).as("one order holds one key").isEqualTo(2);
    }

    @Test
    void anExpiredChallengeIsRefusedEvenWhenSolved() {
        String proof = solve(challenge(), true);
        clock.advance(ProofOfWork.LIFETIME.plus(Duration.ofSeconds(1)));

        Http.Answer late = order(proof);

        assertThat(late.status()).isEqualTo(403);
        assertThat(late.errorCode()).isEqualTo("proof_of_work_invalid");
        assertThat(late.json().at("/error/message").asText()).contains("expired");
        assertThat(available()).isEqualTo(3);
    }

    @Test
    void lookupsAndTheStorefrontFormsAskForTheSameProof() {
        Http.Answer lookupWithout = store.http()
                .postJson("/api/orders/lookup", Map.of("email", "a@example.com", "queryPassword", "secret"));
        HttpRequest.Builder lookupWith = HttpRequest.newBuilder(store.http().uri("/api/orders/lookup"))
                .header("Content-Type", "application/json")
                .header(ProofOfWork.HEADER, solve(challenge(), true))
                .POST(HttpRequest.BodyPublishers.ofString(
                        Http.toJson(Map.of("email", "a@example.com", "queryPassword", "secret"))));
        assertThat(lookupWithout.status()).isEqualTo(403);
        assertThat(store.http().send(lookupWith, false).status()).isEqualTo(200);

        Http.Answer checkoutForm =
                form("/checkout", "productId=" + product + "&quantity=1&email=buyer%40example.com&channel=sandbox");
        assertThat(checkoutForm.status()).isEqualTo(403);
        assertThat(checkoutForm.body()).contains("Please turn on JavaScript");
        assertThat(available()).isEqualTo(3);
        Http.Answer lookupForm = form("/lookup", "email=a%40example.com&password=secret");
        assertThat(lookupForm.status()).isEqualTo(403);
        assertThat(lookupForm.body()).contains("Please turn on JavaScript");

        String proof = URLEncoder.encode(solve(challenge(), true), StandardCharsets.UTF_8);
        Http.Answer solvedForm = form(
                "/checkout",
                "productId=" + product + "&quantity=1&email=buyer%40example.com&channel=sandbox" + "&proofOfWork="
                        + proof);
        assertThat(solvedForm.status()).as(solvedForm.body()).isEqualTo(303);
        assertThat(available()).isEqualTo(2);
    }

    @Test
    void withTheSwitchOffOnlyAnAddressThatOrdersTooOftenIsAskedAndOnlyForAnHour() {
        Http.Answer off = store.http()
                .adminPutJson("/api/admin/settings", Map.of("proofOfWork", false, "proofOfWorkSuspiciousAttempts", 2));
        assertThat(off.status()).as(off.body()).isEqualTo(200);

        assertThat(order(null, "198.51.100.7").status()).isEqualTo(201);
        assertThat(order(null, "198.51.100.7").status()).isEqualTo(201);
        assertThat(required("198.51.100.7"))
                .as("two attempts are within the threshold")
                .isFalse();
        Http.Answer third = order(null, "198.51.100.7");
        Http.Answer neighbour = order(null, "198.51.100.8");

        assertThat(third.status()).isEqualTo(403);
        assertThat(third.errorCode()).isEqualTo("proof_of_work_required");
        assertThat(neighbour.status()).as("another address is never asked").isEqualTo(201);
        assertThat(available()).as("the refused attempt holds nothing").isZero();
        assertThat(required("198.51.100.7")).isTrue();
        assertThat(required("198.51.100.8")).isFalse();

        clock.advance(SuspiciousAddresses.FLAGGED_FOR.plus(Duration.ofMinutes(1)));
        assertThat(required("198.51.100.7"))
                .as("an hour later the address is trusted again")
                .isFalse();
    }

    @Test
    void aSuspiciousAddressWithASolvedChallengeStillBuys() {
        store.importKeys(product, List.of("POW-4"));
        store.http()
                .adminPutJson("/api/admin/settings", Map.of("proofOfWork", false, "proofOfWorkSuspiciousAttempts", 1));
        assertThat(order(null, "203.0.113.9").status()).isEqualTo(201);
        assertThat(order(null, "203.0.113.9").status()).isEqualTo(403);

        JsonNode asked = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/challenge"))
                                .header("X-Forwarded-For", "203.0.113.9"),
                        false)
                .json();
        Http.Answer solved = order(solve(asked.get("challenge").asText(), true), "203.0.113.9");

        assertThat(solved.status()).as(solved.body()).isEqualTo(201);
        assertThat(available()).isEqualTo(2);
    }

    private boolean required(String address) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/challenge"))
                                .header("X-Forwarded-For", address),
                        false)
                .json()
                .get("required")
                .asBoolean();
    }

    private Http.Answer order(String proof, String address) {
        HttpRequest.Builder request = HttpRequest.newBuilder(store.http().uri("/api/orders"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(Map.of(
                        "productId", product, "quantity", 1, "email", "buyer@example.com", "channel", "sandbox"))));
        if (proof != null) {
            request.header(ProofOfWork.HEADER, proof);
        }
        return store.http().send(request, false);
    }

    @Test
    void leadingZeroBitsCountsAcrossBytes() {
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 0, 0x10, 1})).isEqualTo(19);
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {(byte) 0x80})).isZero();
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 1})).isEqualTo(15);
    }

    private Http.Answer form(String path, String body) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Accept", "text/html")
                                .header("Accept-Language", "en")
                                .POST(HttpRequest.BodyPublishers.ofString(body)),
                        false);
    }
}
