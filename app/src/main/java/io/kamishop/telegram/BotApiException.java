package io.kamishop.telegram;

/**
 * The Bot API did not do what was asked: it was unreachable, answered something that is not its
 * JSON, or answered {@code "ok": false} (then {@code errorCode} and {@code retryAfterSeconds} are
 * what it said; see https://core.telegram.org/bots/api#making-requests).
 */
public final class BotApiException extends Exception {

    private final int errorCode;
    private final long retryAfterSeconds;

    BotApiException(String message, int errorCode, long retryAfterSeconds) {
        super(message);
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Telegram's error_code (its HTTP status), or 0 when the service could not be reached. */
    public int errorCode() {
        return errorCode;
    }

    /** Telegram's retry_after for a 429 (flood control), else 0. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
