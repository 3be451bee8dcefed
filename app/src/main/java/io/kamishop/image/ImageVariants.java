package io.kamishop.image;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Encodes the sizes of an image that the store serves. JPEG for opaque pictures and PNG for ones
 * with transparency: WebP would be smaller, but no maintained pure-Java WebP encoder is on Maven
 * Central (TwelveMonkeys reads WebP, it does not write it), and a native codec in a one-jar store is
 * a deployment burden; every browser shows JPEG and PNG.
 */
final class ImageVariants {

    static final float JPEG_QUALITY = 0.85f;

    /** One stored size. */
    record Variant(int width, int height, String format, byte[] bytes) {}

    private ImageVariants() {}

    static List<Variant> encode(BufferedImage decoded, List<Integer> widths) {
        boolean transparent = decoded.getColorModel().hasAlpha();
        String format = transparent ? "png" : "jpg";
        // Palette, grey, CMYK and 16-bit sources become plain RGB(A) first: the encoders and the
        // resampler handle those alike, and the output carries only the pixels.
        BufferedImage source = plain(decoded, transparent);
        List<Variant> variants = new ArrayList<>();
        for (int width : widths) {
            try {
                BufferedImage sized = width == source.getWidth()
                        ? source
                        : Thumbnails.of(source).width(width).asBufferedImage();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                var builder = Thumbnails.of(sized).scale(1.0).outputFormat(format);
                if (!transparent) {
                    builder.outputQuality(JPEG_QUALITY);
                }
                builder.toOutputStream(out);
                variants.add(new Variant(sized.getWidth(), sized.getHeight(), format, out.toByteArray()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(variants);
    }

    private static BufferedImage plain(BufferedImage image, boolean transparent) {
        int type = transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = copy.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return copy;
    }
}
