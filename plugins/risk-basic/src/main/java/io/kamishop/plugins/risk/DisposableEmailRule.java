package io.kamishop.plugins.risk;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskDecision;
import io.kamishop.api.RiskRule;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Reviews (or refuses) addresses at throwaway-mail services: a buyer who cannot be written to later
 * is how chargebacks and card testing usually look.
 */
@Extension
public class DisposableEmailRule extends BasicRule implements RiskRule {

    /** Well-known throwaway-mail domains; merchants add more in the settings. */
    static final Set<String> BUILT_IN = Set.of(
            "mailinator.com",
            "guerrillamail.com",
            "guerrillamail.net",
            "sharklasers.com",
            "10minutemail.com",
            "temp-mail.org",
            "tempmail.com",
            "yopmail.com",
            "trashmail.com",
            "getnada.com",
            "dispostable.com",
            "maildrop.cc",
            "throwawaymail.com",
            "fakeinbox.com",
            "mailnesia.com",
            "mintemail.com",
            "mohmal.com",
            "emailondeck.com",
            "tempr.email",
            "discard.email",
            "spamgourmet.com",
            "mytemp.email",
            "burnermail.io",
            "moakt.com",
            "tempmailo.com",
            "1secmail.com",
            "mailpoof.com",
            "trash-mail.com",
            "33mail.com",
            "temp-mail.io");

    private final BasicSettings.Parsed<Set<String>> extra = new BasicSettings.Parsed<>(entries -> {
        Set<String> domains = new HashSet<>();
        for (String entry : entries) {
            domains.add(entry.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(domains);
    });

    @Override
    public String id() {
        return "disposable-email";
    }

    @Override
    public boolean enabled() {
        return !"off".equals(current().get(BasicSettings.DISPOSABLE_EMAILS).orElse("off"));
    }

    @Override
    public RiskDecision evaluate(RiskContext order) {
        String domain = order.emailDomain();
        if (domain.isEmpty() || !isDisposable(domain)) {
            return RiskDecision.allow();
        }
        String reason = "email domain " + domain + " is a disposable-mail service";
        return "block".equals(current().get(BasicSettings.DISPOSABLE_EMAILS).orElse("off"))
                ? RiskDecision.block(60, reason)
                : RiskDecision.review(30, reason);
    }

    private boolean isDisposable(String domain) {
        Set<String> mine =
                extra.of(current().get(BasicSettings.DISPOSABLE_DOMAINS).orElse(""));
        // A subdomain of a listed domain counts too (x.mailinator.com).
        for (String d = domain; !d.isEmpty(); ) {
            if (BUILT_IN.contains(d) || mine.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            d = dot < 0 ? "" : d.substring(dot + 1);
        }
        return false;
    }
}
