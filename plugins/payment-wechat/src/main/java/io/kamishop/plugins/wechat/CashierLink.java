package io.kamishop.plugins.wechat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the parameters of the QR cashier link. The page shows a QR code taken from its own URL (so
 * any node can serve it without shared state); without a seal, anyone could mint a link on the
 * store's domain that shows their own QR code. The seal's key is derived from the merchant's private
 * key, so it is the same on every node and changes when the key does.
 */
final class CashierLink {

    private CashierLink() {
    }

    static String seal(PrivateKey merchantKey, List<String> values) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(concat("kamishop wechat cashier link\0", merchantKey.getEncoded()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
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

    static boolean verify(PrivateKey merchantKey, List<String> values, String presented) {
        byte[] expected = seal(merchantKey, values).getBytes(StandardCharsets.US_ASCII);
        return presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(String prefix, byte[] bytes) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return all;
    }
}
