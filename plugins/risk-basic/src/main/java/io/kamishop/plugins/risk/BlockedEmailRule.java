package io.kamishop.plugins.risk;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskRule;
import io.kamishop.api.RiskStage;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * Refuses emails the merchant listed. A pattern is a glob ({@code *@spam.example},
 * {@code bot?@example.com}); a bare domain ({@code spam.example}) matches it and its subdomains.
 * Checked again before payment and delivery, so a listing catches orders already placed.
 */
@Extension
public class BlockedEmailRule extends BasicRule implements RiskRule {

    record EmailPattern(String text, Pattern regex) {}

    private final BasicSettings.Parsed<List<EmailPattern>> patterns = new BasicSettings.Parsed<>(
            entries -> entries.stream().map(BlockedEmailRule::compile).toList());

    @Override
    public String id() {
        return "blocked-email";
    }

    @Override
    public Set<RiskStage> stages() {
        return EnumSet.allOf(RiskStage.class);
    }

    @Override
    public boolean enabled() {
        return !current().get(BasicSettings.BLOCKED_EMAILS).orElse("").isBlank();
    }

    @Override
    public RiskDecision evaluate(RiskContext order) {
        if (order.email() == null) {
            return RiskDecision.allow();
        }
        String email = order.email().toLowerCase(Locale.ROOT);
        for (EmailPattern pattern :
                patterns.of(current().get(BasicSettings.BLOCKED_EMAILS).orElse(""))) {
            if (pattern.regex().matcher(email).matches()) {
                return RiskDecision.block(
                        100, "email " + order.email() + " matches the blocked pattern " + pattern.text());
            }
        }
        return RiskDecision.allow();
    }

    static EmailPattern compile(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.contains("@") && !lower.contains("*") && !lower.contains("?")) {
            return new EmailPattern(text, Pattern.compile("[^@]*@(.*\\.)?" + Pattern.quote(lower)));
        }
        StringBuilder regex = new StringBuilder();
        for (char c : lower.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new EmailPattern(text, Pattern.compile(regex.toString()));
    }
}
