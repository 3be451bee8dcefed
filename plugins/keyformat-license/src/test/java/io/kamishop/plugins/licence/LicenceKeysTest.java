package io.kamishop.plugins.licence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.api.KeyFormat.Generation;
import io.kamishop.api.KeyFormat.Verdict;
import io.kamishop.api.testing.FakePluginContext;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LicenceKeysTest {

    FakePluginContext context = new FakePluginContext(
            "keyformat-license", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    LicenceKeys started(FakePluginContext on) {
        LicenceKeys keys = new LicenceKeys();
        keys.start(on);
        return keys;
    }

    /** The snippet in docs/commerce.md, word for word: what a merchant's app runs offline with only the JDK. */
    static boolean verifyLicence(String licence, String publicKeyBase64) throws Exception {
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
        int dot = licence.lastIndexOf('.');
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(key);
        ed25519.update(licence.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        return ed25519.verify(Base64.getUrlDecoder().decode(licence.substring(dot + 1)));
    }

    static String tamper(String licence, String from, String to) {
        String[] parts = licence.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(from, to);
        assertThat(payload).contains(to);
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    static String payload(String licence) {
        return new String(Base64.getUrlDecoder().decode(licence.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void aSignedLicenceVerifiesOfflineWithOnlyThePublicKeyAndATamperedOneIsRefused() throws Exception {
        LicenceKeys keys = started(context);
        String licence = keys.generate(
                        1, Generation.forStock(7, "Pro Edition", Map.of("licence", "true", "validDays", "365")))
                .get(0);
        String publicKey = keys.publicInfo().get("publicKey");

        assertThat(licence).startsWith("KSL1.");
        assertThat(payload(licence))
                .contains("\"pid\":7", "\"product\":\"Pro Edition\"")
                .doesNotContain("buyer");
        assertThat(verifyLicence(licence, publicKey)).isTrue();
        assertThat(verifyLicence(tamper(licence, "\"pid\":7", "\"pid\":8"), publicKey))
                .isFalse();
        assertThat(keys.verify(licence).orElseThrow().valid()).isTrue();
        Verdict tampered =
                keys.verify(tamper(licence, "Pro Edition", "Ultimate")).orElseThrow();
        assertThat(tampered.valid()).isFalse();
        assertThat(tampered.reason()).contains("signature does not match");
        assertThat(keys.verify("KSL1.garbage").orElseThrow().valid()).isFalse();
        assertThat(keys.verify("KSL1.%%%.%%%").orElseThrow().valid()).isFalse();
    }

    @Test
    void aLicenceMadeForABuyerNamesTheBuyerUnderTheSignature() throws Exception {
        LicenceKeys keys = started(context);
        String licence = keys.generate(1, new Generation(7, "Pro", Map.of("licence", "true"), "buyer@example.com"))
                .get(0);

        assertThat(keys.verify(licence).orElseThrow().claims())
                .containsEntry("buyer", "buyer@example.com")
                .containsEntry("exp", null);
        assertThat(verifyLicence(
                        tamper(licence, "buyer@example.com", "thief@example.com"),
                        keys.publicInfo().get("publicKey")))
                .isFalse();
    }

    @Test
    void aLicenceStopsBeingValidWhenItExpires() {
        LicenceKeys keys = started(context);
        String licence = keys.generate(1, Generation.forStock(7, "Trial", Map.of("licence", "true", "validDays", "1")))
                .get(0);
        FakePluginContext later =
                new FakePluginContext("keyformat-license", Clock.offset(context.clock(), Duration.ofDays(2)));
        later.stored.putAll(context.stored);

        assertThat(keys.verify(licence).orElseThrow().valid()).isTrue();
        Verdict expired = started(later).verify(licence).orElseThrow();
        assertThat(expired.valid()).isFalse();
        assertThat(expired.reason()).isEqualTo("expired");
    }

    @Test
    void theSigningKeyIsMadeOnceAndKeptInThePluginStoreSoEveryStartSignsAlike() throws Exception {
        LicenceKeys first = started(context);
        String licence = first.generate(1, Generation.forStock(1, "P", Map.of("licence", "true")))
                .get(0);
        LicenceKeys restarted = started(context);

        assertThat(context.stored).containsOnlyKeys(LicenceSigner.STORE_KEY);
        assertThat(restarted.publicInfo()).isEqualTo(first.publicInfo());
        assertThat(restarted.verify(licence).orElseThrow().valid()).isTrue();
        FakePluginContext otherStore = new FakePluginContext("keyformat-license", context.clock());
        assertThat(started(otherStore).verify(licence).orElseThrow().valid())
                .as("another store's key")
                .isFalse();
    }

    @Test
    void patternKeysFollowThePatternAreDistinctAndWeakPatternsAreRefused() {
        LicenceKeys keys = started(context);
        List<String> made = keys.generate(500, Generation.forStock(1, "Game", Map.of("pattern", "XXXXX-XXXXX-XXXXX")));

        assertThat(made).hasSize(500).allMatch(k -> k.matches("[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}"));
        assertThat(new HashSet<>(made)).hasSize(500);
        assertThat(keys.generate(3, Generation.forStock(1, "Game", Map.of())))
                .allMatch(k -> k.matches("([A-Z2-9]{5}-){3}[A-Z2-9]{5}"));
        assertThatThrownBy(() -> keys.generate(1, Generation.forStock(1, "Game", Map.of("pattern", "XX-99"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 bits");
        assertThatThrownBy(() -> keys.generate(
                        1, Generation.forStock(1, "Game", Map.of("pattern", "XXXXXXXXXXXXXXXX", "licence", "true"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        keys.generate(1, Generation.forStock(1, "Game", Map.of("licence", "true", "validDays", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validDays");
    }

    @Test
    void theSettingsChooseWhatABatchWithoutOptionsIs() {
        context.values.put(LicenceKeys.MODE, "licence");
        context.values.put(LicenceKeys.VALID_DAYS, "30");
        LicenceKeys keys = started(context);

        String licence =
                keys.generate(1, Generation.forStock(3, "Pro", Map.of())).get(0);
        assertThat(licence).startsWith("KSL1.");
        assertThat(((Number) keys.verify(licence).orElseThrow().claims().get("exp")).longValue())
                .isEqualTo(context.clock().instant().plus(Duration.ofDays(30)).getEpochSecond());
    }

    @Test
    void importedLicencesMustBeGenuineAndOtherKeysAreTrimmed() {
        LicenceKeys keys = started(context);
        String licence = keys.generate(1, Generation.forStock(1, "P", Map.of("licence", "true")))
                .get(0);

        assertThat(keys.check("  " + licence + " ").normalised()).isEqualTo(licence);
        assertThat(keys.check(tamper(licence, "\"pid\":1", "\"pid\":2")).valid())
                .isFalse();
        assertThat(keys.check(" ABCDE-12345 ").normalised()).isEqualTo("ABCDE-12345");
        assertThat(keys.check("x".repeat(5000)).valid()).isFalse();
    }
}
