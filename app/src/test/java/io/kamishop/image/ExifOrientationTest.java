package io.kamishop.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A photo taken on its side, as a phone stores it (pixels as the sensor saw them, EXIF orientation saying how to
 * turn them), is kept upright. The test photo is 40 × 20, red on its left half and blue on its right.
 */
class ExifOrientationTest {

    /** A JPEG of the test photo with an APP1 "Exif" segment whose IFD0 holds only Orientation = {@code orientation}. */
    static byte[] photo(int orientation) throws IOException {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 20, 20);
        g.setColor(Color.BLUE);
        g.fillRect(20, 0, 20, 20);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", jpeg);
        byte[] plain = jpeg.toByteArray();
        // Big-endian TIFF header, then IFD0 at offset 8: one entry, tag 0x0112 (Orientation), SHORT, count 1.
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        tiff.putInt(0);
        byte[] identifier = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + identifier.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2); // SOI
        out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.write(identifier);
        out.write(tiff.array());
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    private static boolean reddish(BufferedImage image, int x, int y) {
        Color c = new Color(image.getRGB(x, y));
        return c.getRed() > 200 && c.getBlue() < 60;
    }

    private static boolean bluish(BufferedImage image, int x, int y) {
        Color c = new Color(image.getRGB(x, y));
        return c.getBlue() > 200 && c.getRed() < 60;
    }

    @Test
    void theTagIsReadFromTheJpeg() throws IOException {
        assertThat(ExifOrientation.of(photo(6))).isEqualTo(6);
        assertThat(ExifOrientation.of(photo(3))).isEqualTo(3);
        assertThat(ExifOrientation.of(photo(8))).isEqualTo(8);
    }

    @Test
    void orientationSixIsTurnedClockwise() throws IOException {
        BufferedImage upright = ImageIntake.decode(photo(6), "image/jpeg");

        assertThat(upright.getWidth()).isEqualTo(20);
        assertThat(upright.getHeight()).isEqualTo(40);
        // Turned clockwise, the stored left (red) half is on top.
        assertThat(reddish(upright, 10, 5)).isTrue();
        assertThat(bluish(upright, 10, 35)).isTrue();
    }

    @Test
    void orientationEightIsTurnedAnticlockwise() throws IOException {
        BufferedImage upright = ImageIntake.decode(photo(8), "image/jpeg");

        assertThat(upright.getWidth()).isEqualTo(20);
        assertThat(upright.getHeight()).isEqualTo(40);
        assertThat(bluish(upright, 10, 5)).isTrue();
        assertThat(reddish(upright, 10, 35)).isTrue();
    }

    @Test
    void orientationThreeIsTurnedUpsideDown() throws IOException {
        BufferedImage upright = ImageIntake.decode(photo(3), "image/jpeg");

        assertThat(upright.getWidth()).isEqualTo(40);
        assertThat(upright.getHeight()).isEqualTo(20);
        assertThat(bluish(upright, 5, 10)).isTrue();
        assertThat(reddish(upright, 35, 10)).isTrue();
    }

    @Test
    void aJpegWithoutTheTagIsKeptAsStored() throws IOException {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(image, "jpeg", jpeg);

        assertThat(ExifOrientation.of(jpeg.toByteArray())).isEqualTo(1);
        BufferedImage kept = ImageIntake.decode(photo(1), "image/jpeg");
        assertThat(kept.getWidth()).isEqualTo(40);
        assertThat(reddish(kept, 5, 10)).isTrue();
    }
}
