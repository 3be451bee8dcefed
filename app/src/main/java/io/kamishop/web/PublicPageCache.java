package io.kamishop.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Answers to anonymous GETs that are the same for every visitor (the catalogue, a product page, the
 * product list of the buyer API), kept so that a busy shop window costs no database reads and no
 * template rendering.
 *
 * <p>An answer is kept only while it is certainly current: its key holds the store's change stamp
 * (the cluster's {@code changeStamp()}: this node's commits plus the writes other nodes announced on
 * the change bus), so any committed write on any node (a sale, an import, a setting) makes every kept
 * answer unreachable at once, within the bus's delay. No time-to-live is needed for that; a few
 * megabytes bound what is kept. A page that
 * sets a cookie or depends on anything beyond the path, the query and the caller's {@code variant}
 * (the buyer's language) must not be wrapped.
 */
public final class PublicPageCache {

    /** Bounds the memory held: a few thousand ordinary pages. */
    private static final long MAX_BYTES = 8L * 1024 * 1024;

    private record Key(String path, String query, String variant, long commits) {}

    /**
     * A kept answer. {@code gzipped} is its body compressed once, when it was kept (null when too small to gain): a
     * browser always asks for gzip, and compressing a few kilobytes again on every view cost more CPU than everything
     * else in serving it.
     */
    private record Page(
            @Nullable String contentType,
            @Nullable String vary,
            @Nullable String cacheControl,
            byte[] body,
            byte @Nullable [] gzipped) {

        int weight() {
            return body.length + (gzipped == null ? 0 : gzipped.length);
        }
    }

    /** Below this, compressing gains less than the header costs (Javalin's own threshold for compressing). */
    private static final int MIN_SIZE_TO_COMPRESS = 1500;

    private final LongSupplier changeStamp;
    private final Cache<Key, Page> pages = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Key key, Page page) -> page.weight() + key.path().length() + 64)
            .build();

    public PublicPageCache(LongSupplier changeStamp) {
        this.changeStamp = changeStamp;
    }

    /**
     * {@code loader}'s answer, kept until the store's change stamp moves (a commit here or a change heard
     * from another node): for what every page draws from the database (the category menu, the logo), so a
     * page that cannot be shared does not read it again on each view.
     */
    public <T> Supplier<T> keptUntilChange(Supplier<T> loader) {
        AtomicReference<Kept<T>> kept = new AtomicReference<>();
        return () -> {
            // The stamp is read first: a change committed while loading leaves the value under the old stamp.
            long stamp = changeStamp.getAsLong();
            Kept<T> current = kept.get();
            if (current != null && current.stamp() == stamp) {
                return current.value();
            }
            T value = loader.get();
            kept.set(new Kept<>(stamp, value));
            return value;
        };
    }

    private record Kept<T>(long stamp, T value) {}

    /** {@code handler} answered from the cache when it can; {@code variant} names what else the answer depends on. */
    public Handler wrap(Function<Context, String> variant, Handler handler) {
        return ctx -> {
            // The stamp is read before the handler runs: a write committed meanwhile leaves this answer under an old
            // stamp.
            Key key = new Key(ctx.path(), ctx.queryString(), variant.apply(ctx), changeStamp.getAsLong());
            boolean[] rendered = {false};
            // One request renders a missing page while the others asking for it wait, instead of all rendering it.
            Page page = pages.get(key, k -> {
                rendered[0] = true;
                return render(ctx, handler);
            });
            if (page == null && !rendered[0]) {
                handler.handle(ctx); // not cacheable (the renderer's answer was not a plain 200): answer it here
            } else if (page != null && !rendered[0]) {
                replay(ctx, page);
            }
        };
    }

    /** Runs the handler on this request; its answer, when it may be shared, else null. */
    private static @Nullable Page render(Context ctx, Handler handler) {
        try {
            handler.handle(ctx);
        } catch (Exception e) {
            throw PublicPageCache.<RuntimeException>unchecked(
                    e); // the caller's error mapping sees the handler's own exception
        }
        String body = ctx.result();
        if (ctx.statusCode() != 200 || body == null || ctx.res().getHeader("Set-Cookie") != null) {
            return null;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Page(
                ctx.res().getContentType(),
                ctx.res().getHeader("Vary"),
                ctx.res().getHeader("Cache-Control"),
                bytes,
                bytes.length < MIN_SIZE_TO_COMPRESS ? null : gzip(bytes));
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    /** {@code handler} answered from the cache when it can, for answers that depend on the path and query alone. */
    public Handler wrap(Handler handler) {
        return wrap(ctx -> "", handler);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E unchecked(Exception e) throws E {
        throw (E) e;
    }

    /**
     * Writes a kept answer as it was kept, compressed or not, straight to the response: Javalin's own compression would
     * gzip it again on each view and, even when it does not, match the type against its lists of types first.
     */
    private static void replay(Context ctx, Page page) throws IOException {
        if (page.cacheControl() != null) {
            ctx.header("Cache-Control", page.cacheControl());
        }
        ctx.status(200).contentType(page.contentType());
        byte[] bytes = page.body();
        if (page.gzipped() != null) {
            // The answer differs by Accept-Encoding from here on, whichever this buyer gets.
            ctx.header("Vary", page.vary() == null ? "Accept-Encoding" : page.vary() + ", Accept-Encoding");
            if (acceptsGzip(ctx.header("Accept-Encoding"))) {
                ctx.header("Content-Encoding", "gzip");
                bytes = page.gzipped();
            }
        } else if (page.vary() != null) {
            ctx.header("Vary", page.vary());
        }
        if (bytes.length >= ctx.res().getBufferSize()) {
            // Bigger than Jetty's buffer, writing would send the headers now, before the after-handlers ran. Javalin
            // passes a body that has a Content-Encoding through untouched.
            ctx.result(bytes);
            return;
        }
        // Held in Jetty's buffer until the request ends, so the after-handlers can still add headers.
        ctx.res().getOutputStream().write(bytes);
    }

    /** Whether {@code acceptEncoding} takes gzip: named without {@code q=0}, or else covered by {@code *} without it. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean any = null;
        for (String offer : acceptEncoding.split(",")) {
            String[] parts = offer.split(";");
            String coding = parts[0].strip();
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().toLowerCase(java.util.Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    refused = parameter.substring(2).strip().matches("0(\\.0{0,3})?");
                }
            }
            if (coding.equalsIgnoreCase("gzip")) {
                return !refused;
            }
            if (coding.equals("*")) {
                any = !refused;
            }
        }
        return any != null && any;
    }
}
