package io.kamishop.order;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Orders as CSV (RFC 4180) that a spreadsheet opens safely: a cell that could start a formula
 * ({@code = + - @}, or a tab or carriage return before one) is prefixed with {@code '} (OWASP "CSV
 * injection"), so a buyer's crafted e-mail or a product name cannot run anything on the merchant's machine.
 * The buyer's e-mail is masked: the export is a file that travels, and it carries no key or token.
 */
public final class OrderCsv {

    static final List<String> HEADER = List.of(
            "orderNo",
            "createdAt",
            "status",
            "productId",
            "productName",
            "quantity",
            "amount",
            "fee",
            "currency",
            "channel",
            "buyerEmail");

    private OrderCsv() {}

    public static void writeHeader(Writer out) throws IOException {
        writeRow(out, HEADER);
    }

    public static void writeOrder(Writer out, Order o) throws IOException {
        writeRow(
                out,
                List.of(
                        o.orderNo(),
                        Instant.ofEpochMilli(o.createdAt()).toString(),
                        o.status(),
                        Long.toString(o.productId()),
                        nullToEmpty(o.productName()),
                        Integer.toString(o.quantity()),
                        major(o.amount(), o.currency()),
                        major(o.fee(), o.currency()),
                        nullToEmpty(o.currency()),
                        nullToEmpty(o.channel()),
                        maskEmail(o.email())));
    }

    /** One RFC 4180 line, each cell made safe for a spreadsheet; the reports' CSV writes its lines here too. */
    public static void writeRow(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** {@code a***@example.com}: enough to recognise a buyer, not to mail or sign in as one ("" for no address). */
    public static String maskEmail(@Nullable String email) {
        if (email == null || email.isBlank()) {
            return "";
        }
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.codePoints()
                        .limit(1)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                + "***" + email.substring(at);
    }

    /** Minor units as the currency writes them ({@code 990 CNY} is {@code 9.90}); unknown currencies keep two places. */
    public static String major(long minor, String currency) {
        int digits = 2;
        try {
            if (currency != null) {
                digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
            }
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }

    private static String nullToEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }
}
