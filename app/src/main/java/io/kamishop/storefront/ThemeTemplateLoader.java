package io.kamishop.storefront;

import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.Loader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds {@code templates/<name>.peb} in the first layer of the theme that has it, so a theme that
 * overrides only {@code home} still renders every other page from the default theme.
 */
final class ThemeTemplateLoader implements Loader<String> {

    private final List<ThemeLayer> layers;

    ThemeTemplateLoader(List<ThemeLayer> layers) {
        this.layers = List.copyOf(layers);
    }

    @Override
    public Reader getReader(String name) {
        return find(name)
                .map(bytes -> (Reader) new StringReader(new String(bytes, StandardCharsets.UTF_8)))
                .orElseThrow(() ->
                        new LoaderException(null, "no template '" + name + "' in this theme or the default theme"));
    }

    @Override
    public boolean resourceExists(String name) {
        return find(name).isPresent();
    }

    private Optional<byte[]> find(String name) {
        String file = "templates/" + (name.endsWith(".peb") ? name : name + ".peb");
        for (ThemeLayer layer : layers) {
            Optional<byte[]> bytes = layer.read(file);
            if (bytes.isPresent()) {
                return bytes;
            }
        }
        return Optional.empty();
    }

    @Override
    public String createCacheKey(String name) {
        return name;
    }

    @Override
    public @Nullable String resolveRelativePath(String relativePath, String anchorPath) {
        // Template names are always relative to the theme's templates folder.
        return null;
    }

    @Override
    public void setCharset(String charset) {
        // Always UTF-8.
    }

    @Override
    public void setPrefix(String prefix) {
        // The layers decide where templates live.
    }

    @Override
    public void setSuffix(String suffix) {
        // Always .peb.
    }
}
