package io.kamishop.webhook;

/** A merchant URL that receives order events. {@code events} is a comma list of event types, or {@code *}. */
public record WebhookEndpoint(long id, String url, String sealedSecret, String events, boolean active, long createdAt) {

    boolean wants(String eventType) {
        for (String wanted : events.split(",")) {
            if (wanted.equals("*") || wanted.equals(eventType)) {
                return true;
            }
        }
        return false;
    }
}
