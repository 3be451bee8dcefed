package io.kamishop.api;

/**
 * Hands a notification to the store as if the gateway had posted it to the notify URL. For channels
 * whose "gateway" lives inside the store (the sandbox) so they take the very same path, checks included.
 */
public interface NotificationSubmitter {

    /** The outcome: the acknowledgement on success, or the error code the store answered. */
    record Outcome(boolean accepted, int status, String body) {}

    Outcome submit(String channelId, IncomingRequest request);
}
