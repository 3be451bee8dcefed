package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TotpTest {

    // RFC 6238 appendix B, SHA-1 key "12345678901234567890"; our codes are the last 6 of its 8 digits.
    private static final String RFC_SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void matchesTheRfc6238TestVectors() {
        assertThat(Totp.code(RFC_SECRET, 59_000L)).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, 1_111_111_109_000L)).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, 1_234_567_890_000L)).isEqualTo("005924");
        assertThat(Totp.code(RFC_SECRET, 2_000_000_000_000L)).isEqualTo("279037");
    }

    @Test
    void acceptsOneStepOfDriftAndNoMore() {
        long now = 1_700_000_000_000L;
        String secret = Totp.newSecret();
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now - 30_000), now))
                .isPositive();
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now + 30_000), now))
                .isPositive();
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now - 95_000), now))
                .isEqualTo(-1);
        assertThat(Totp.matchingStep(secret, "12345", now)).isEqualTo(-1);
    }

    @Test
    void base32RoundTrips() {
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 250, (byte) 255};
        assertThat(Totp.decodeBase32(Totp.base32(bytes))).startsWith(bytes);
    }
}
