package io.kamishop.risk;

import io.kamishop.domain.Requester;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A stable, non-reversible hash of the buyer's browser: the user agent, accepted languages, and the
 * device id a storefront script may send ({@code X-Kamishop-Device}, or the checkout form's
 * {@code deviceId} field). Computed from the {@link Requester} the order request carries, so every
 * door that places orders gives the risk rules the same device.
 */
public final class DeviceHash {

    private DeviceHash() {}

    /** The device hash of whoever asks, or {@code null} when nothing about the device is known. */
    static @Nullable String of(Requester requester) {
        return of(requester.userAgent(), requester.language(), requester.deviceId());
    }

    static @Nullable String of(@Nullable String userAgent, @Nullable String languages, @Nullable String deviceId) {
        if (isBlank(userAgent) && isBlank(languages) && isBlank(deviceId)) {
            return null;
        }
        String text = clip(userAgent) + '\n' + clip(languages) + '\n' + clip(deviceId);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBlank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    private static String clip(@Nullable String s) {
        return s == null ? "" : s.length() > 512 ? s.substring(0, 512) : s;
    }
}
