package io.kamishop.plugins.payment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the parameters of a channel's cashier link. A cashier page shows what it is given in its own
 * URL (so any node can serve it without shared state); without a seal, anyone could mint a link on
 * the store's domain that shows their own QR code or walks order numbers. The seal's key is derived
 * from a secret of the merchant's (a private key, a gateway secret or token), so it is the same on
 * every node and changes when the merchant changes that secret.
 */
public final class CashierLink {

    private final byte[] key;

    /**
     * @param channelId the channel's id; links of one channel never hold for another with the same secret
     * @param secret    the merchant's secret the seal is derived from
     */
    public CashierLink(String channelId, byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("kamishop " + channelId + " cashier link\0").getBytes(StandardCharsets.US_ASCII));
            this.key = sha.digest(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The seal of {@code values}, in hex, for the link's {@code sig} parameter. */
    public String seal(List<String> values) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            // Length-prefixed, so "ab"+"c" and "a"+"bc" seal differently.
            for (String value : values) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                mac.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                mac.update(bytes);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code presented} is the seal of {@code values}, compared in constant time. */
    public boolean holds(List<String> values, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        seal(values).getBytes(StandardCharsets.US_ASCII),
                        presented.getBytes(StandardCharsets.US_ASCII));
    }
}
