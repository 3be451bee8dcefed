package io.kamishop.outbox;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Sends the messages of one {@link Outbox} topic to the outside party that takes them (a mail server,
 * the merchant's notifier plugins, a Telegram chat). The outbox owns when and how often; the handler
 * owns what a message says, rendered when it is sent (so a payload names what to send, never a key).
 */
public interface OutboxHandler {

    /** The topic whose rows this handler sends, e.g. {@code mail}. */
    String topic();

    /**
     * The first wait of the one backoff (it doubles from here to the hour cap): 30 s, what plugin-api's
     * {@code Notifier} promises, unless a topic has a reason to come back sooner.
     */
    default Duration firstRetry() {
        return Outbox.FIRST_RETRY;
    }

    /** Where the backoff stops doubling: an hour, unless a topic's messages go stale long before that. */
    default Duration longestRetry() {
        return Outbox.LONGEST_RETRY;
    }

    /** Attempts before a message is given up ({@code dead}): about two days' worth, unless it is worth nothing by then. */
    default int maxAttempts() {
        return Outbox.MAX_ATTEMPTS;
    }

    /**
     * How long a claimed row is this node's before another may take it over: longer than a send may take.
     * A topic whose messages go stale in minutes leases shorter, so a node that died mid-send delays one less.
     */
    default Duration lease() {
        return Outbox.LEASE;
    }

    /**
     * True for a topic whose payload is a secret that must not outlive its message (a sealed sign-in code):
     * the statement that ends the row, sent or given up, erases the payload with it, so no copy is left
     * behind and a crash cannot end the row yet keep the secret.
     */
    default boolean erasesPayloadWhenDone() {
        return false;
    }

    /** False while the party cannot be reached at all (no mail server set up, bot off): rows wait, no attempt spent. */
    default boolean ready() {
        return true;
    }

    /**
     * Sends one message. Returning means it went, or is no longer owed: then return a note saying why
     * (kept on the row), else {@code null}. Throwing {@link Permanent} gives the message up now; any
     * other throw is retried with the outbox's backoff ({@link RetryAfter} when the party says when).
     */
    @Nullable
    String handle(OutboxMessage message) throws Exception;

    /** A failure that waiting will not cure (an address no server takes, a chat that blocked the bot). */
    final class Permanent extends Exception {
        public Permanent(@Nullable String message) {
            super(message);
        }
    }

    /** A refusal that names when to come back (Telegram's 429 {@code retry_after}): honoured instead of the backoff. */
    final class RetryAfter extends Exception {
        private final transient Duration after;

        public RetryAfter(Duration after, @Nullable String message) {
            super(message);
            this.after = after;
        }

        Duration after() {
            return after;
        }
    }
}
