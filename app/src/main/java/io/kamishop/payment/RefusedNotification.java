package io.kamishop.payment;

import org.jspecify.annotations.Nullable;

/**
 * A gateway notification the store refused, as written down for the admin. {@code tradeNo} and
 * {@code orderNo} are what the notification claimed (null when it could not be read at all);
 * {@code reason} is the error code the gateway was answered with.
 */
public record RefusedNotification(
        long id,
        long at,
        String channel,
        @Nullable String tradeNo,
        @Nullable String orderNo,
        String reason,
        String remoteIp) {}
