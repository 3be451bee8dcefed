package io.kamishop.admin;

import io.javalin.http.Context;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Renders the admin's Pebble templates (autoescaped HTML) in the admin's language. Templates live
 * in {@code admin/templates}, messages in {@code admin/i18n/messages_<lang>.properties} (UTF-8);
 * a message missing in Chinese falls back to English, one missing everywhere shows its key.
 */
public final class AdminViews {

    public static final List<String> LANGUAGES = List.of("en", "zh-CN");
    static final String LANG_COOKIE = "kamishop_admin_lang";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PebbleEngine engine;
    private final Map<String, Map<String, String>> messages = new HashMap<>();

    /** @param zones the store's time zone for the dates pages show, read at each render (the merchant may change it) */
    public AdminViews(java.util.function.Supplier<ZoneId> zones) {
        ClasspathLoader loader = new ClasspathLoader(AdminViews.class.getClassLoader());
        loader.setPrefix("admin/templates");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .strictVariables(false)
                .autoEscaping(true)
                .extension(new Filters(zones))
                .build();
        Map<String, String> english = load("en");
        messages.put("en", english);
        Map<String, String> chinese = new HashMap<>(english);
        chinese.putAll(load("zh-CN"));
        messages.put("zh-CN", chinese);
    }

    /** The language for this request: {@code ?lang=} (remembered in a cookie), the cookie, then Accept-Language. */
    public String language(Context ctx) {
        String asked = ctx.queryParam("lang");
        if (asked != null && LANGUAGES.contains(asked)) {
            ctx.res()
                    .addHeader(
                            "Set-Cookie", LANG_COOKIE + "=" + asked + "; Path=/admin; Max-Age=31536000; SameSite=Lax");
            return asked;
        }
        String cookie = ctx.cookie(LANG_COOKIE);
        if (cookie != null && LANGUAGES.contains(cookie)) {
            return cookie;
        }
        String accept = ctx.header("Accept-Language");
        return accept != null && accept.toLowerCase(Locale.ROOT).startsWith("zh") ? "zh-CN" : "en";
    }

    public Map<String, String> messages(String language) {
        return messages.getOrDefault(language, Objects.requireNonNull(messages.get("en"))); // the constructor puts en
    }

    public String render(String template, Map<String, Object> model) {
        try {
            PebbleTemplate compiled = engine.getTemplate(template);
            StringWriter out = new StringWriter();
            compiled.evaluate(out, model);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> load(String language) {
        Properties properties = new Properties();
        try (InputStream in = AdminViews.class.getResourceAsStream(
                "/admin/i18n/messages_" + language.replace('-', '_') + ".properties")) {
            if (in != null) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new HashMap<>();
        properties.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    /** Formats minor units in their currency's major unit: 990 CNY is "9.90 CNY". */
    public static String money(long minor, @Nullable String currency) {
        int digits = 2;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException ignored) {
            // unknown code: show two decimals
        }
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + (currency == null ? "" : currency);
    }

    /** Parses "9.90" in the currency's major unit to minor units; null when it is not a valid amount. */
    public static @Nullable Long parseMoney(@Nullable String text, String currency) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
            BigDecimal value = new BigDecimal(text.strip());
            if (value.scale() > digits) {
                return null;
            }
            return value.movePointRight(digits).longValueExact();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Pebble filters: {@code money(currency)} and {@code time}. */
    private static final class Filters extends AbstractExtension {
        private final java.util.function.Supplier<ZoneId> zones;

        Filters(java.util.function.Supplier<ZoneId> zones) {
            this.zones = zones;
        }

        @Override
        public Map<String, Filter> getFilters() {
            Map<String, Filter> filters = new HashMap<>();
            filters.put("money", new Filter() {
                @Override
                public List<String> getArgumentNames() {
                    return List.of("currency");
                }

                @Override
                public Object apply(
                        Object input,
                        Map<String, Object> args,
                        PebbleTemplate self,
                        EvaluationContext context,
                        int line) {
                    return input == null ? "" : money(((Number) input).longValue(), (String) args.get("currency"));
                }
            });
            filters.put("time", new Filter() {
                @Override
                public List<String> getArgumentNames() {
                    return List.of();
                }

                @Override
                public Object apply(
                        Object input,
                        Map<String, Object> args,
                        PebbleTemplate self,
                        EvaluationContext context,
                        int line) {
                    return input == null
                            ? ""
                            : TIME.format(Instant.ofEpochMilli(((Number) input).longValue())
                                    .atZone(zones.get()));
                }
            });
            return filters;
        }
    }
}
