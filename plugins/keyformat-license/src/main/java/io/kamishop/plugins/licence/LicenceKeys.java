package io.kamishop.plugins.licence;

import io.kamishop.api.KeyFormat;
import io.kamishop.api.PluginContext;
import io.kamishop.api.SettingDefinition;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Keys the merchant issues: random ones by pattern ({@link KeyPattern}), and signed licences a
 * merchant's app can check offline with only the JDK and the store's public key.
 *
 * <p>A licence is {@code KSL1.<payload>.<signature>}: the payload is base64url JSON
 * {@code {"v":1,"lid","pid","product","buyer"?,"iat","exp"}} (seconds; {@code exp} null = never;
 * {@code buyer} only when the keys are made for one order's buyer), and the signature is Ed25519 over
 * the ASCII text {@code KSL1.<payload>}. Keys generated into stock are made before any buyer is
 * known, so they name the product only.
 *
 * <p>Options of a batch (the admin generate call's body): {@code pattern} for pattern keys, or
 * {@code licence=true} with an optional {@code validDays}; without either, the plugin's settings decide.
 */
@Extension
public class LicenceKeys implements KeyFormat {

    static final String PREFIX = "KSL1.";
    static final String MODE = "mode";
    static final String PATTERN = "pattern";
    static final String VALID_DAYS = "validDays";
    private static final int MAX_LENGTH = 4096;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile PluginContext context;
    private volatile LicenceSigner signer;

    @Override
    public String id() {
        return "license";
    }

    @Override
    public String displayName() {
        return "Licence keys (by pattern, or Ed25519-signed licences)";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.choice(
                        MODE, "What to generate when a batch does not say", "pattern", List.of("pattern", "licence")),
                SettingDefinition.string(PATTERN, "Default pattern")
                        .withDefault("XXXXX-XXXXX-XXXXX-XXXXX")
                        .withHelp(
                                "X = letter or digit, A = letter, 9 = digit, anything else as is; at least 64 bits of randomness"),
                SettingDefinition.integer(VALID_DAYS, "Licence validity in days (0 = never expires)", 0));
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
        this.signer = LicenceSigner.loadOrCreate(context.store());
    }

    @Override
    public boolean canGenerate() {
        return true;
    }

    @Override
    public List<String> generate(int count) {
        return generate(count, Generation.forStock(0, "", Map.of()));
    }

    @Override
    public List<String> generate(int count, Generation request) {
        boolean licence = request.option("licence")
                .map(Boolean::parseBoolean)
                .orElse(request.option(PATTERN).isEmpty()
                        && context.settings().get(MODE).orElse("pattern").equals("licence"));
        String pattern = request.option(PATTERN)
                .orElseGet(() -> context.settings().get(PATTERN).orElse("XXXXX-XXXXX-XXXXX-XXXXX"));
        if (licence && request.option(PATTERN).isPresent()) {
            throw new IllegalArgumentException("give either \"pattern\" or \"licence\": true, not both");
        }
        Long validDays = validDays(request);
        if (!licence && KeyPattern.problem(pattern) != null) {
            throw new IllegalArgumentException("pattern " + KeyPattern.problem(pattern));
        }
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(licence ? issue(request, validDays) : KeyPattern.generate(pattern));
        }
        return keys;
    }

    private Long validDays(Generation request) {
        Optional<String> given = request.option(VALID_DAYS);
        long days;
        try {
            days = given.isPresent()
                    ? Long.parseLong(given.get().strip())
                    : context.settings().getLong(VALID_DAYS, 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("validDays must be a whole number of days");
        }
        if (given.isPresent() && (days < 1 || days > 36_500)) {
            throw new IllegalArgumentException("validDays must be from 1 to 36500");
        }
        return days <= 0 ? null : Math.min(days, 36_500);
    }

    String issue(Generation request, Long validDays) {
        long now = context.clock().millis() / 1000;
        byte[] lid = new byte[16];
        RANDOM.nextBytes(lid);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("v", 1);
        payload.put("lid", B64URL.encodeToString(lid));
        payload.put("pid", request.productId());
        payload.put("product", request.productName());
        if (request.buyerEmail() != null) {
            payload.put("buyer", request.buyerEmail());
        }
        payload.put("iat", now);
        payload.put(
                "exp",
                validDays == null ? null : now + Duration.ofDays(validDays).toSeconds());
        String signed =
                PREFIX + B64URL.encodeToString(context.json().write(payload).getBytes(StandardCharsets.UTF_8));
        return signed + "." + B64URL.encodeToString(signer.sign(signed));
    }

    @Override
    public KeyCheck check(String raw) {
        String key = raw.strip();
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            return KeyCheck.reject("must be 1 to " + MAX_LENGTH + " characters");
        }
        if (key.startsWith(PREFIX)) {
            Verdict verdict = verify(key).orElseThrow();
            if (!verdict.valid() && !"expired".equals(verdict.reason())) {
                return KeyCheck.reject("not a genuine licence of this store: " + verdict.reason());
            }
        }
        return KeyCheck.accept(key);
    }

    @Override
    public Optional<Verdict> verify(String key) {
        String licence = key == null ? "" : key.strip();
        int dot = licence.lastIndexOf('.');
        if (!licence.startsWith(PREFIX) || dot <= PREFIX.length() || licence.length() > MAX_LENGTH) {
            return Optional.of(Verdict.invalid("is not a licence of this store", null));
        }
        String signed = licence.substring(0, dot);
        byte[] signature;
        Map<String, Object> claims;
        try {
            signature = Base64.getUrlDecoder().decode(licence.substring(dot + 1));
            claims = context.json().parseObject(Base64.getUrlDecoder().decode(signed.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.of(Verdict.invalid("is not a licence of this store", null));
        }
        if (!signer.verify(signed, signature)) {
            return Optional.of(Verdict.invalid("signature does not match: altered or not issued by this store", null));
        }
        if (claims.get("exp") instanceof Number exp
                && exp.longValue() <= context.clock().millis() / 1000) {
            return Optional.of(Verdict.invalid("expired", claims));
        }
        return Optional.of(Verdict.valid(claims));
    }

    @Override
    public Map<String, String> publicInfo() {
        return Map.of(
                "algorithm",
                "Ed25519",
                "format",
                "base64 X.509 SubjectPublicKeyInfo",
                "publicKey",
                signer.publicKeyBase64());
    }
}
