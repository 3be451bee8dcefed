package io.kamishop.image;

import io.kamishop.domain.Refusal;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Takes an uploaded file as an image, or refuses it before anything is stored. The order matters:
 * the size in bytes first, then the declared type against the file's own first bytes, then the
 * pixel dimensions read from the header alone (a 50 KB PNG may claim 60,000 × 60,000 pixels and
 * need 14 GB once decoded), and only then a full decode by a real decoder. What is kept later is
 * re-encoded from the decoded pixels, so no metadata (EXIF, GPS, comments) and no trailing bytes
 * of a polyglot file survive; a JPEG's EXIF orientation is applied to the pixels first ({@link ExifOrientation}).
 */
final class ImageIntake {

    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_SIDE = 8_000;
    static final long MAX_PIXELS = 40_000_000L;

    private ImageIntake() {}

    static BufferedImage decode(byte[] bytes, String declaredType) {
        if (bytes.length > MAX_BYTES) {
            throw new Refusal(
                    Refusal.Kind.TOO_LARGE,
                    "image_too_large",
                    "an image may be at most " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        ImageKind declared = ImageKind.ofMediaType(declaredType)
                .orElseThrow(
                        () -> new Refusal(
                                Refusal.Kind.UNSUPPORTED_MEDIA,
                                "unsupported_image_type",
                                "send a JPEG, PNG, WebP or GIF image with its Content-Type (image/jpeg, image/png, image/webp, image/gif)"));
        ImageKind actual =
                ImageKind.sniff(bytes).orElseThrow(() -> invalid("the file is not a JPEG, PNG, WebP or GIF image"));
        if (actual != declared) {
            throw invalid("the file is not the kind of image its type says");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(actual.readerName());
            if (!readers.hasNext()) {
                throw new IllegalStateException("no ImageIO reader for " + actual);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw invalid("the image has no pixels");
                }
                if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
                    throw new Refusal(
                            Refusal.Kind.INVALID,
                            "image_dimensions_too_large",
                            "an image may be at most " + MAX_SIDE + " pixels on a side and " + MAX_PIXELS / 1_000_000
                                    + " megapixels; this one is " + width + " × " + height);
                }
                BufferedImage decoded = reader.read(0);
                // Only a JPEG carries a camera's EXIF orientation that decoders ignore; the pixels are turned now,
                // because the metadata does not survive the re-encoding.
                return actual == ImageKind.JPEG ? ExifOrientation.upright(decoded, ExifOrientation.of(bytes)) : decoded;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Refusal refusal) {
                throw refusal;
            }
            // A decoder's complaint about a broken file (IIOException, or a runtime error deep in a codec) is the
            // file's fault.
            throw invalid("the image could not be decoded");
        }
    }

    private static Refusal invalid(String message) {
        return new Refusal(Refusal.Kind.INVALID, "invalid_image", message);
    }
}
