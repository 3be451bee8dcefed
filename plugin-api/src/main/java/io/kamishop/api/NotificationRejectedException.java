package io.kamishop.api;

/**
 * A notification failed verification or is not one. The message is logged and returned to the
 * caller, so it must not contain secrets.
 */
public class NotificationRejectedException extends Exception {
    public NotificationRejectedException(String message) {
        super(message);
    }
}
