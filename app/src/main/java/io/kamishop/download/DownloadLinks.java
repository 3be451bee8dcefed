package io.kamishop.download;

import io.kamishop.crypto.KeyedHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Signed, expiring download links: {@code /api/downloads/{orderNo}/{fileId}?expires=<unix seconds>&sig=<hex>},
 * the signature an HMAC-SHA256 (the store's token key) over order number, file id and expiry. Nothing is
 * stored per link; a buyer with the order's lookup token asks for fresh ones whenever they like.
 */
public final class DownloadLinks {

    /** What checking a link found. */
    public enum Verdict {
        VALID,
        TAMPERED,
        EXPIRED
    }

    /** A link handed to the buyer. */
    public record Link(String url, Instant expiresAt) {}

    private final KeyedHash hmac;
    private final Clock clock;
    private final Duration lifetime;

    public DownloadLinks(KeyedHash hmac, Clock clock, Duration lifetime) {
        this.hmac = hmac;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Link issue(String orderNo, long fileId) {
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        return new Link(
                "/api/downloads/" + orderNo + "/" + fileId + "?expires=" + expires + "&sig="
                        + hmac.hex(signed(orderNo, fileId, expires)),
                Instant.ofEpochSecond(expires));
    }

    /**
     * The signature is checked before the expiry, so a link whose expiry was pushed forward is
     * tampered, not expired; only an honest link can be told it is too old.
     */
    public Verdict check(String orderNo, long fileId, @Nullable String expires, @Nullable String sig) {
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            return Verdict.TAMPERED;
        }
        if (sig == null || sig.length() != 64 || !hmac.matches(signed(orderNo, fileId, expiresAt), sig)) {
            return Verdict.TAMPERED;
        }
        return clock.instant().getEpochSecond() >= expiresAt ? Verdict.EXPIRED : Verdict.VALID;
    }

    // A prefix of its own keeps these signatures apart from the other uses of the token key.
    private static String signed(String orderNo, long fileId, long expires) {
        return "download-link v1\n" + orderNo + "\n" + fileId + "\n" + expires;
    }
}
