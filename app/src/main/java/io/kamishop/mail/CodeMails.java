package io.kamishop.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.SecretBox;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Tx;
import io.kamishop.outbox.Outbox;
import io.kamishop.outbox.OutboxHandler;
import io.kamishop.outbox.OutboxMessage;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The buyers' one-time sign-in code mails: the {@code mail-code} topic of the {@link Outbox}.
 *
 * <p>A code signs a buyer in and lives minutes, so this topic tunes the outbox's policy: the code waits
 * sealed (bound to its recipient), never in clear; a claim is leased for 2 minutes, a failure tried again
 * after 15 s, five times at most, and a code past its expiry is not sent. The payload, sealed code and
 * all, is erased by the statement that ends the row (sent, expired or given up): no copy outlives the mail.
 */
public final class CodeMails implements OutboxHandler {

    static final String TOPIC = "mail-code";
    /** A node that died mid-send holds the code back this long: short, the code lives minutes. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** A few quick tries, then the buyer asks for another code. */
    static final int ATTEMPTS = 5;

    static final Duration RETRY = Duration.ofSeconds(15);

    private static final String SEAL_CONTEXT = "mail-code:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Outbox outbox;
    private final MailSettings settings;
    private final StoreSettings storeSettings;
    private final SecretBox seal;
    private final Clock clock;
    private final MailRenderer renderer;
    private final SmtpTransport transport = new SmtpTransport();

    /**
     * Made by {@link MailOutbox}, whose renderer it shares (its template engines are not small).
     *
     * @param seal seals a code while its mail waits (the code itself is stored only hashed)
     */
    CodeMails(
            Outbox outbox,
            MailSettings settings,
            StoreSettings storeSettings,
            SecretBox seal,
            MailRenderer renderer,
            Clock clock) {
        this.outbox = outbox;
        this.settings = settings;
        this.storeSettings = storeSettings;
        this.seal = seal;
        this.renderer = renderer;
        this.clock = clock;
    }

    /**
     * Inside the transaction that issues a one-time sign-in code ({@code tx}, which the outbox joins): owes
     * its mail. Each code is a mail of its own, so the key is random: it names neither the address nor the code.
     */
    public void owe(Tx tx, String recipient, String code, long expiresAt) {
        String payload = JSON.createObjectNode()
                .put("recipient", recipient)
                .put("sealedCode", seal.sealText(code, SEAL_CONTEXT + recipient))
                .put("expiresAt", expiresAt)
                .toString();
        outbox.enqueue(TOPIC, Tokens.random(), null, payload);
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public boolean ready() {
        return settings.current().configured(); // codes wait for SMTP like the order mails, no attempt spent
    }

    @Override
    public Duration firstRetry() {
        return RETRY;
    }

    /** Every retry 15 s after the last: five tries fit well inside a code's ten minutes. */
    @Override
    public Duration longestRetry() {
        return RETRY;
    }

    @Override
    public int maxAttempts() {
        return ATTEMPTS;
    }

    @Override
    public Duration lease() {
        return LEASE;
    }

    @Override
    public boolean erasesPayloadWhenDone() {
        return true;
    }

    @Override
    public @Nullable String handle(OutboxMessage message) throws Exception {
        JsonNode payload = JSON.readTree(message.payload());
        if (!payload.hasNonNull("sealedCode")) {
            return "erased"; // a row that ended once (an admin's retry of a given-up code): its code is gone
        }
        long expiresAt = payload.path("expiresAt").asLong();
        long now = clock.millis();
        if (expiresAt <= now) {
            return "expired"; // worth nothing now; ending the row erases the sealed code
        }
        String recipient = payload.path("recipient").asText();
        String code = seal.openText(payload.get("sealedCode").asText(), SEAL_CONTEXT + recipient);
        transport.send(
                settings.current(),
                recipient,
                renderer.signInCode(
                        code, storeSettings.get(StoreSettings.STORE_NAME), Duration.ofMillis(expiresAt - now)));
        return null;
    }
}
