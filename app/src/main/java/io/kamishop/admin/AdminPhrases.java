package io.kamishop.admin;

import java.util.List;
import java.util.Map;

/**
 * Words a coded text (an order event's detail, a refund's error) in the admin's language: the message
 * {@code <prefix><code>} with its {@code {0}}, {@code {1}}, ... places filled by the arguments, which are data
 * (numbers, ids, names) and shown as they are. A code without a message shows as the code and its arguments,
 * never as an English sentence on a Chinese page.
 */
final class AdminPhrases {

    private AdminPhrases() {}

    static String word(Map<String, String> messages, String prefix, String code, List<String> args) {
        String pattern = messages.get(prefix + code);
        if (pattern == null) {
            return args.isEmpty() ? code : code + ": " + String.join(", ", args);
        }
        // Plain replacement rather than MessageFormat: its quoting rules would eat the apostrophes of English text.
        String out = pattern;
        for (int i = 0; i < args.size(); i++) {
            out = out.replace("{" + i + "}", args.get(i));
        }
        return out;
    }

    /**
     * The arguments the message has no place for, joined: text someone else wrote (a rule plugin's reasons,
     * the merchant's note) that the page shows after the worded line, as it was written.
     */
    static String unplaced(Map<String, String> messages, String prefix, String code, List<String> args) {
        String pattern = messages.get(prefix + code);
        if (pattern == null) {
            return "";
        }
        List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (!pattern.contains("{" + i + "}") && !args.get(i).isEmpty()) {
                rest.add(args.get(i));
            }
        }
        return String.join("; ", rest);
    }
}
