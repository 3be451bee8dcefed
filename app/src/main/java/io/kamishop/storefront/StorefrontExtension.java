package io.kamishop.storefront;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The functions a theme has besides Pebble's own: {@code t('key', args...)} for the buyer's language
 * and {@code asset('css/site.css')} for a content-hashed, long-cached URL.
 */
final class StorefrontExtension extends AbstractExtension {

    private final Theme theme;

    StorefrontExtension(Theme theme) {
        this.theme = theme;
    }

    @Override
    public Map<String, Function> getFunctions() {
        return Map.of("t", new Translate(), "asset", new AssetUrl());
    }

    private final class Translate implements Function {
        @Override
        public @Nullable List<String> getArgumentNames() {
            return null; // positional: key first, then the message's arguments
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            List<Object> params = new ArrayList<>();
            for (int i = 1; args.containsKey(String.valueOf(i)); i++) {
                params.add(args.get(String.valueOf(i)));
            }
            return theme.messages().get(context.getLocale(), String.valueOf(args.get("0")), params.toArray());
        }
    }

    private final class AssetUrl implements Function {
        @Override
        public List<String> getArgumentNames() {
            return List.of("path");
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            return theme.assetUrl(String.valueOf(args.get("path")));
        }
    }
}
