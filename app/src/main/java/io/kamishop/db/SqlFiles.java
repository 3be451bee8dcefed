package io.kamishop.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The text of a {@code .sql} resource, for the statements run outside JDBI's SQL objects. */
public final class SqlFiles {

    private SqlFiles() {}

    /** Reads {@code name}, relative to {@code owner}'s package; a missing file is a build error, so it throws. */
    public static String read(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + name + " beside " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
