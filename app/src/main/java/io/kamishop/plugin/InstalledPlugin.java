package io.kamishop.plugin;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A plugin as the admin sees it.
 *
 * @param state {@code started}, {@code disabled} or {@code failed}
 * @param error why it failed, or {@code null}
 */
public record InstalledPlugin(
        String id,
        String version,
        String description,
        String state,
        List<String> extensions,
        boolean signed,
        @Nullable String error) {}
