package io.kamishop.image;

import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The image files the store accepts, told apart by their first bytes rather than by a name or a
 * declared type alone: a file is taken only when its bytes, its declared type and a real decoder agree.
 */
enum ImageKind {
    JPEG("image/jpeg", "jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
    PNG("image/png", "png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}),
    GIF("image/gif", "gif", new byte[] {'G', 'I', 'F', '8'}),
    WEBP("image/webp", "webp", new byte[] {'R', 'I', 'F', 'F'});

    private final String mediaType;
    private final String readerName;
    private final byte[] magic;

    ImageKind(String mediaType, String readerName, byte[] magic) {
        this.mediaType = mediaType;
        this.readerName = readerName;
        this.magic = magic;
    }

    String readerName() {
        return readerName;
    }

    /** The kind a declared media type names ({@code image/jpeg; charset=...} reads as {@code image/jpeg}). */
    static Optional<ImageKind> ofMediaType(@Nullable String declared) {
        if (declared == null) {
            return Optional.empty();
        }
        String type = declared.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        String normalised = type.equals("image/jpg") || type.equals("image/pjpeg") ? "image/jpeg" : type;
        return Arrays.stream(values())
                .filter(k -> k.mediaType.equals(normalised))
                .findFirst();
    }

    /** The kind the file's own first bytes say it is. */
    static Optional<ImageKind> sniff(byte[] bytes) {
        for (ImageKind kind : values()) {
            if (startsWith(bytes, kind.magic) && (kind != WEBP || isWebpContainer(bytes))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    // RIFF is a family (WAV, AVI): a WebP file says WEBP at bytes 8 to 11.
    private static boolean isWebpContainer(byte[] bytes) {
        return bytes.length >= 12 && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P';
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
