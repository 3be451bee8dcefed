package io.kamishop.plugins.notify;

import io.kamishop.api.Notifier.StoreNotice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one alert says, in the store's language, before a messenger lays it out. Made from a notice by
 * {@link #of}, which takes only the facts it names from the notice (never a key, a token or a full
 * e-mail address: the buyer's is masked), so a messenger's code decides layout, never content.
 *
 * @param title     one line naming the store and what happened, e.g. {@code [Shop] Order K1 paid}
 * @param lines     a few short lines of facts, plain text: escape them for a markup
 * @param link      the admin page the alert is about: absolute when the store's public URL is set, else a
 *                  path such as {@code /admin/orders/K1}; {@code null} when there is none
 * @param linkLabel what to call that link, in the same language
 */
public record Alert(String title, List<String> lines, String link, String linkLabel) {

    public Alert {
        Objects.requireNonNull(title, "title");
        lines = List.copyOf(lines);
    }

    /** The alert for a notice, in the language its {@code language} field names (English when none or unknown). */
    public static Alert of(StoreNotice notice) {
        return AlertTexts.forLanguage(notice.fields().get("language")).compose(notice);
    }

    /** Whether {@link #link} can be opened from a phone (the store's public URL is configured). */
    public boolean linkIsAbsolute() {
        return link != null && (link.startsWith("https://") || link.startsWith("http://"));
    }

    /** The lines, then the link; without the title, for messengers that show a title of their own. */
    public String body() {
        List<String> all = new ArrayList<>(lines);
        if (link != null) {
            all.add(linkLabel + ": " + link);
        }
        return String.join("\n", all);
    }

    /** Title, lines and link, one per line: for messengers that show plain text. */
    public String plainText() {
        String body = body();
        return body.isEmpty() ? title : title + "\n" + body;
    }
}
