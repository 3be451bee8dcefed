package io.kamishop.challenge;

import io.kamishop.api.HumanCheck;
import io.kamishop.domain.Refusal;
import io.kamishop.domain.Requester;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A third party's "are you human?" check (a {@link HumanCheck} plugin: Turnstile, hCaptcha, Geetest), asked in the
 * same use cases as the {@link ProofOfWork} (placing an order, looking orders up), so every door is covered.
 * Off until the merchant enables such a plugin and fills in its keys. A refusal comes before the use case
 * does anything, and every failure of the vendor (timeout, nonsense) is a refusal too: a store under attack
 * must not open the door because the vendor is slow, and a buyer must never see a 5xx for it.
 */
public final class HumanChecks {

    private static final Logger LOG = LoggerFactory.getLogger(HumanChecks.class);
    /** A token longer than this is not one any vendor issues (Turnstile's are about 2 KB); refused unread. */
    private static final int MAX_TOKEN = 4096;

    /** The check the store asks for now: its plugin's extension and the widget the theme shows. */
    public record Active(HumanCheck check, HumanCheck.Widget widget) {}

    private final Supplier<List<HumanCheck>> checks;

    public HumanChecks(Supplier<List<HumanCheck>> checks) {
        this.checks = checks;
    }

    /** The first enabled check that has its keys, if any. */
    public Optional<Active> active() {
        for (HumanCheck check : checks.get()) {
            try {
                Optional<HumanCheck.Widget> widget = check.widget();
                if (widget.isPresent()) {
                    return Optional.of(new Active(check, widget.get()));
                }
            } catch (RuntimeException e) {
                LOG.warn("human check {} could not describe its widget", check.id(), e);
            }
        }
        return Optional.empty();
    }

    /** The form field the active widget posts its token in, or {@code null} when no check is active. */
    public @Nullable String formField() {
        return active().map(a -> a.widget().fieldName()).orElse(null);
    }

    /**
     * Refuses (403) a requester without a token the active check's vendor vouches for. A Telegram user is
     * not asked, as for the proof of work: the bot cannot show a widget and Telegram vouches for the account.
     */
    public void require(Requester requester) {
        if (requester.chat() != null) {
            return;
        }
        Optional<Active> active = active();
        if (active.isEmpty()) {
            return;
        }
        HumanCheck check = active.get().check();
        String token = requester.humanCheck();
        if (token == null || token.isBlank()) {
            throw new Refusal(
                    Refusal.Kind.FORBIDDEN,
                    "human_check_required",
                    "this store asks for its human check (" + check.id() + ") first: send the widget's token in the "
                            + "form field " + active.get().widget().fieldName() + " or the header X-Kamishop-Human",
                    Map.of("humanCheck", check.id()));
        }
        if (token.length() > MAX_TOKEN) {
            throw failed(check, List.of("token-too-long"));
        }
        HumanCheck.Verdict verdict;
        try {
            verdict = check.verify(token.strip(), requester.address());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(check, List.of("interrupted"));
        } catch (Exception e) {
            // The vendor is slow, down or answered nonsense: refused, and the merchant's log says why.
            LOG.warn("human check {} could not verify a token: {}", check.id(), e.toString());
            throw failed(check, List.of("verification-unavailable"));
        }
        if (verdict == null || !verdict.human()) {
            throw failed(check, verdict == null ? List.of() : verdict.errorCodes());
        }
    }

    private static Refusal failed(HumanCheck check, List<String> errorCodes) {
        return new Refusal(
                Refusal.Kind.FORBIDDEN,
                "human_check_failed",
                "the human check (" + check.id() + ") did not pass; solve it again"
                        + (errorCodes.isEmpty() ? "" : " (" + String.join(", ", errorCodes) + ")"),
                Map.of("humanCheck", check.id(), "errorCodes", errorCodes));
    }
}
