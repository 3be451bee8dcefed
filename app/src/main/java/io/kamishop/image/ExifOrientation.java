package io.kamishop.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A phone stores a photo as the sensor saw it and says in the EXIF {@code Orientation} tag how to turn it
 * (TIFF 6.0 / EXIF 2.32, tag 0x0112: 1 upright, 3 upside down, 6 turn 90° clockwise, 8 turn 90°
 * anticlockwise, 2/4/5/7 the same mirrored). Java's JPEG decoder ignores the tag, and the store re-encodes
 * without metadata (see {@link ImageIntake}), so a portrait photo would be served lying on its side: the
 * pixels are turned here, once, at upload.
 */
final class ExifOrientation {

    private ExifOrientation() {}

    /** The orientation a JPEG's EXIF names, 1 (as stored) when it names none or the EXIF cannot be read. */
    static int of(byte[] jpeg) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return 1;
            }
            InputStream data = exif.get(0).data();
            // The identifier "Exif" and its NUL are skipped by data(); EXIF adds one more pad byte before the TIFF
            // header.
            if (data.read() < 0) {
                return 1;
            }
            try (ImageInputStream tiff = new MemoryCacheImageInputStream(data)) {
                Directory directory = new TIFFReader().read(tiff);
                Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
                if (entry != null && entry.getValue() instanceof Number value) {
                    int orientation = value.intValue();
                    return orientation >= 1 && orientation <= 8 ? orientation : 1;
                }
            }
            return 1;
        } catch (IOException | RuntimeException e) {
            // Broken EXIF in a decodable image: show it as stored rather than refuse the merchant's photo.
            return 1;
        }
    }

    /** The image turned (and mirrored) so that it shows as the camera meant; the same image for orientation 1. */
    static BufferedImage upright(BufferedImage stored, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return stored;
        }
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean swapsSides = orientation >= 5;
        BufferedImage turned = new BufferedImage(
                swapsSides ? h : w,
                swapsSides ? w : h,
                stored.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < turned.getHeight(); y++) {
            for (int x = 0; x < turned.getWidth(); x++) {
                // Where the pixel shown at (x, y) sits in the stored image.
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = w - 1 - x;
                        sy = y;
                    }
                    case 3 -> {
                        sx = w - 1 - x;
                        sy = h - 1 - y;
                    }
                    case 4 -> {
                        sx = x;
                        sy = h - 1 - y;
                    }
                    case 5 -> {
                        sx = y;
                        sy = x;
                    }
                    case 6 -> {
                        sx = y;
                        sy = h - 1 - x;
                    }
                    case 7 -> {
                        sx = w - 1 - y;
                        sy = h - 1 - x;
                    }
                    default -> { // 8
                        sx = w - 1 - y;
                        sy = x;
                    }
                }
                turned.setRGB(x, y, stored.getRGB(sx, sy));
            }
        }
        return turned;
    }
}
