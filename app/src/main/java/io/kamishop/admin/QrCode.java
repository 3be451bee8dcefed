package io.kamishop.admin;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.util.Map;

/**
 * A QR code drawn as SVG for the authenticator app to scan. One path of unit squares on a white
 * square with the four-module quiet zone the standard asks for; drawn in the page itself, so no
 * secret-bearing image URL exists and the strict CSP has nothing to allow.
 */
record QrCode(int size, String path) {

    private static final int QUIET_ZONE = 4;

    static QrCode of(String text) {
        ByteMatrix matrix;
        try {
            matrix = Encoder.encode(text, ErrorCorrectionLevel.M, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"))
                    .getMatrix();
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot draw a QR code for this text", e);
        }
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y) == 1) {
                    path.append('M')
                            .append(x + QUIET_ZONE)
                            .append(' ')
                            .append(y + QUIET_ZONE)
                            .append("h1v1h-1z");
                }
            }
        }
        return new QrCode(matrix.getWidth() + 2 * QUIET_ZONE, path.toString());
    }
}
