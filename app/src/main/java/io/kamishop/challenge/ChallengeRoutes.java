package io.kamishop.challenge;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.web.ClientAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/challenge}: a fresh proof-of-work challenge, and whether this store asks the caller for one now. */
public final class ChallengeRoutes {

    private ChallengeRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, ProofOfWork proofs, ClientAddress clients) {
        routes.get("/api/challenge", ctx -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            // Asked per address: a suspicious address is asked while the store-wide switch is off.
            boolean required = proofs.requiredFor(clients.ip(ctx));
            answer.put("required", required);
            if (required) {
                ProofOfWork.Challenge challenge = proofs.issue();
                answer.put("challenge", challenge.challenge());
                answer.put("bits", challenge.bits());
                answer.put(
                        "expiresAt",
                        java.time.Instant.ofEpochMilli(challenge.expiresAt()).toString());
                answer.put(
                        "algorithm",
                        "sha256(challenge + \":\" + nonce) has `bits` leading zero bits; send challenge:nonce");
            }
            ctx.header("Cache-Control", "no-store").json(answer);
        });
    }
}
