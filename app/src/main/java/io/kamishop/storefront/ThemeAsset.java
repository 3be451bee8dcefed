package io.kamishop.storefront;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/** A theme file served to browsers, with the content hash that goes into its URL. */
record ThemeAsset(byte[] bytes, String contentType, String hash) {

    private static final Map<String, String> TYPES = Map.of(
            "css",
            "text/css; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "svg",
            "image/svg+xml",
            "png",
            "image/png",
            "jpg",
            "image/jpeg",
            "jpeg",
            "image/jpeg",
            "webp",
            "image/webp",
            "ico",
            "image/x-icon",
            "woff2",
            "font/woff2",
            "txt",
            "text/plain; charset=utf-8");

    static ThemeAsset of(String path, byte[] bytes) {
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return new ThemeAsset(bytes, TYPES.getOrDefault(extension, "application/octet-stream"), hash(bytes));
    }

    static ThemeAsset css(String css) {
        return of("generated.css", css.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
