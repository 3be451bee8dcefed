package io.kamishop.risk;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stable, non-reversible hash of the buyer's browser, for the order being placed on this thread:
 * the user agent, accepted languages, and the {@code X-Kamishop-Device} id a storefront script may
 * send. Kept per request thread so the order path does not have to carry HTTP details.
 */
public final class DeviceHash {

    public static final String DEVICE_HEADER = "X-Kamishop-Device";
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private DeviceHash() {
    }

    static void enter(Context ctx) {
        CURRENT.set(of(ctx.header("User-Agent"), ctx.header("Accept-Language"), ctx.header(DEVICE_HEADER)));
    }

    static void leave() {
        CURRENT.remove();
    }

    /** The device hash of the request on this thread, or {@code null}. */
    static String current() {
        return CURRENT.get();
    }

    static String of(String userAgent, String languages, String deviceId) {
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

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 512 ? s.substring(0, 512) : s;
    }
}
