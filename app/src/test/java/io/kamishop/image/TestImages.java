package io.kamishop.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real image files made in the test, and the hostile ones an upload must refuse. */
public final class TestImages {

    private TestImages() {}

    /** A picture of {@code width} × {@code height} in {@code format} ("jpg", "png", "gif"), drawn so each differs by {@code seed}. */
    public static byte[] picture(String format, int width, int height, int seed) {
        boolean alpha = format.equals("png") && seed % 2 == 1;
        BufferedImage image =
                new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40 + seed * 13 % 200, 120, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(alpha ? new Color(255, 0, 0, 100) : Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A JPEG with an EXIF segment carrying a GPS marker and a camera name, as a phone writes it: the
     * store must not pass any of it on.
     */
    public static byte[] jpegWithExif(int width, int height) {
        byte[] jpeg = picture("jpg", width, height, 7);
        byte[] payload = "Exif\0\0GPSLatitude=35.6586N;Make=SecretCam".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + payload.length + 4);
        out.put(jpeg, 0, 2); // SOI
        out.put((byte) 0xFF)
                .put((byte) 0xE1)
                .putShort((short) (payload.length + 2))
                .put(payload);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** A valid PNG header claiming {@code side} × {@code side} pixels, with one tiny (and wrong) data chunk: a decompression bomb's shape. */
    public static byte[] pngClaiming(int side) {
        ByteBuffer out = ByteBuffer.allocate(64);
        out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(side)
                .putInt(side)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00});
        chunk(out, "IEND", new byte[0]);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.putInt(data.length).put(name).put(data).putInt((int) crc.getValue());
    }
}
