package io.kamishop.licence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.catalog.Product;
import io.kamishop.crypto.SecretBox;
import io.kamishop.crypto.Tokens;
import io.kamishop.db.Database;
import io.kamishop.inventory.ImportReport;
import io.kamishop.inventory.InventoryService;
import io.kamishop.web.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generated keys: random ones by pattern, and signed licences a merchant's app can check offline.
 *
 * <p>A licence is {@code KSL1.<payload>.<signature>}: the payload is base64url JSON
 * {@code {"v":1,"lid","pid","product","iat","exp"}} (seconds; {@code exp} null = never), and the
 * signature is Ed25519 over the ASCII text {@code KSL1.<payload>}. Generated keys go into the
 * product's ordinary stock, so they are sealed at rest and sold exactly once like imported keys.
 * They are made before any buyer is known, so a licence names the product, not the buyer.
 */
public final class LicenceService {

    static final String PREFIX = "KSL1.";
    static final int MAX_GENERATE = 10_000;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final LicenceSigner signer;
    private final InventoryService inventory;
    private final ObjectMapper mapper;
    private final Clock clock;

    public LicenceService(Database database, SecretBox box, InventoryService inventory, ObjectMapper mapper, Clock clock) {
        this.signer = LicenceSigner.load(database, box, clock);
        this.inventory = inventory;
        this.mapper = mapper;
        this.clock = clock;
    }

    public String publicKeyBase64() {
        return signer.publicKeyBase64();
    }

    /** Generates {@code count} keys into the product's stock: by {@code pattern}, or signed licences when pattern is null. */
    public ImportReport generate(Product product, int count, String pattern, Long validDays) {
        if (count < 1 || count > MAX_GENERATE) {
            throw ApiException.invalidFields("invalid_generation", "cannot generate those keys",
                    Map.of("count", "must be from 1 to " + MAX_GENERATE));
        }
        if (pattern != null && KeyPattern.problem(pattern) != null) {
            throw ApiException.invalidFields("invalid_generation", "cannot generate those keys", Map.of("pattern", KeyPattern.problem(pattern)));
        }
        if (validDays != null && (validDays < 1 || validDays > 36_500)) {
            throw ApiException.invalidFields("invalid_generation", "cannot generate those keys", Map.of("validDays", "must be from 1 to 36500"));
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(pattern != null ? KeyPattern.generate(pattern) : issue(product, validDays)).append('\n');
        }
        return inventory.importKeys(product.id(), new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    String issue(Product product, Long validDays) {
        long now = clock.millis() / 1000;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("v", 1);
        payload.put("lid", Tokens.random());
        payload.put("pid", product.id());
        payload.put("product", product.name());
        payload.put("iat", now);
        payload.put("exp", validDays == null ? null : now + Duration.ofDays(validDays).toSeconds());
        String signed;
        try {
            signed = PREFIX + B64URL.encodeToString(mapper.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a licence payload is always serialisable", e);
        }
        return signed + "." + B64URL.encodeToString(signer.sign(signed));
    }

    /** What the public verify endpoint answers: valid or not, why not, and the payload when it is readable. */
    public Map<String, Object> verify(String licence) {
        Map<String, Object> answer = new LinkedHashMap<>();
        int dot = licence == null ? -1 : licence.lastIndexOf('.');
        if (licence == null || !licence.startsWith(PREFIX) || dot <= PREFIX.length() || licence.length() > 4096) {
            return invalid(answer, "not a licence of this store");
        }
        String signed = licence.substring(0, dot);
        byte[] signature;
        JsonNode payload;
        try {
            signature = Base64.getUrlDecoder().decode(licence.substring(dot + 1));
            payload = mapper.readTree(Base64.getUrlDecoder().decode(signed.substring(PREFIX.length())));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return invalid(answer, "not a licence of this store");
        }
        if (!signer.verify(signed, signature)) {
            return invalid(answer, "the signature does not match: altered or not issued by this store");
        }
        answer.put("licence", payload);
        JsonNode exp = payload.path("exp");
        if (exp.isNumber() && exp.asLong() <= clock.millis() / 1000) {
            return invalid(answer, "expired");
        }
        answer.put("valid", true);
        return answer;
    }

    private static Map<String, Object> invalid(Map<String, Object> answer, String reason) {
        answer.put("valid", false);
        answer.put("reason", reason);
        return answer;
    }
}
