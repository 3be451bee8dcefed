package io.kamishop.plugins.usdt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the cashier link ({@code order number + lookup token}). The page shows the receiving
 * address of the order it names, and links to the order page with the token; without a seal anyone
 * could walk order numbers on the store's domain. The key is derived from the gateway token, so it is
 * the same on every node and changes when the merchant changes the token.
 */
final class CashierLink {

    private CashierLink() {
    }

    static String seal(String token, String orderNo, String lookupToken) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256")
                    .digest(("kamishop usdt cashier link\0" + token).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            // Length-prefixed, so "ab"+"c" and "a"+"bc" seal differently.
            for (String value : new String[] {orderNo, lookupToken}) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                mac.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                mac.update(bytes);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 and SHA-256 are part of every JDK", e);
        }
    }

    static boolean verify(String token, String orderNo, String lookupToken, String presented) {
        return presented != null && MessageDigest.isEqual(seal(token, orderNo, lookupToken).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
