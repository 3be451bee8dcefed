package io.kamishop.db;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A .sql file with JDBI-style {@code :named} parameters, made positional for plain JDBC. The files
 * keep the names the rest of the store's SQL uses (and that PostgresSqlTest prepares); a name used
 * twice is bound at each of its places ({@link #at}), as JDBI does.
 */
public record PositionalSql(String text, List<String> names) {

    private static final Pattern NAMED = Pattern.compile("(?<!:):([A-Za-z_][A-Za-z0-9_]*)");

    public static PositionalSql of(String sql) {
        String withoutComments = sql.replaceAll("(?m)--.*$", "");
        List<String> names = new ArrayList<>();
        Matcher m = NAMED.matcher(withoutComments);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(out, "?");
        }
        m.appendTail(out);
        return new PositionalSql(out.toString(), List.copyOf(names));
    }

    /** The 1-based indexes of the parameter's places. */
    public int[] at(String name) {
        int[] places = new int[names.size()];
        int n = 0;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                places[n++] = i + 1;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no parameter :" + name + " in " + text);
        }
        return java.util.Arrays.copyOf(places, n);
    }
}
