package io.kamishop.api;

import java.util.Objects;

/**
 * What a {@link PaymentChannel#testConnection()} found: the gateway answered an authenticated call with
 * the stored credentials, it refused or could not be reached, or the channel offers no such test.
 *
 * @param outcome what happened
 * @param detail  one sentence for the merchant (what was asked, what the gateway said); never a secret
 * @since 1.4.0
 */
public record ConnectionCheck(Outcome outcome, String detail) {

    /** The three answers a connection test can give. */
    public enum Outcome {
        /** The gateway accepted the credentials. */
        OK,
        /** The gateway refused the credentials, answered an error, or could not be reached. */
        FAILED,
        /** The channel has no harmless authenticated call to make (the default). */
        NOT_SUPPORTED
    }

    public ConnectionCheck {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    /** The gateway accepted the credentials; {@code detail} says what was asked (e.g. "retrieved the account balance"). */
    public static ConnectionCheck ok(String detail) {
        return new ConnectionCheck(Outcome.OK, detail);
    }

    /** The gateway refused or could not be reached; {@code detail} says what it answered. */
    public static ConnectionCheck failed(String detail) {
        return new ConnectionCheck(Outcome.FAILED, detail);
    }

    /** This channel offers no connection test. */
    public static ConnectionCheck notSupported() {
        return new ConnectionCheck(Outcome.NOT_SUPPORTED, "");
    }
}
