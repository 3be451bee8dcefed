package io.kamishop.plugins.epay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the parameters of the QR cashier link. The page shows a QR code taken from its own URL (so
 * any node can serve it without shared state); without a seal, anyone could mint a link on the
 * store's domain that shows their own QR code. The seal's key is derived from the merchant's EPay
 * secret ({@link EpayConfig#sealKey()}), so it is the same on every node and changes when the secret does.
 */
final class CashierLink {

    private CashierLink() {
    }

    static String seal(byte[] secret, List<String> values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("kamishop epay cashier link\0".getBytes(StandardCharsets.US_ASCII));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sha.digest(secret), "HmacSHA256"));
            for (String value : values) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                mac.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII)); // length-prefixed: no ambiguity
                mac.update((byte) ':');
                mac.update(bytes);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 and SHA-256 are part of every JDK", e);
        }
    }

    static boolean holds(byte[] secret, List<String> values, String presented) {
        byte[] expected = seal(secret, values).getBytes(StandardCharsets.US_ASCII);
        return presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII));
    }
}
