package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.catalog.ProductDraft;
import io.kamishop.catalog.ProductMarkdown;
import io.kamishop.domain.Refusal;
import io.kamishop.image.Images;
import io.kamishop.inventory.ImportReport;
import io.kamishop.inventory.InventoryService;
import io.kamishop.inventory.KindDraft;
import io.kamishop.inventory.ProductKind;
import io.kamishop.inventory.StockCounts;
import io.kamishop.inventory.UnsoldKeys;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PathIds;
import java.io.ByteArrayInputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Products and their keys: list, create, edit (Markdown description, previewed sanitised), hide and
 * show; key import by paste or by file (the browser sends big files in chunks and shows progress),
 * the import report, stock by state, export and removal of unsold keys.
 */
public final class ProductPages {

    /** One chunk of a file upload; the browser cuts files at line ends below this (and Javalin's 1 MB body limit). */
    static final int MAX_CHUNK_BYTES = 900_000;

    private ProductPages() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            AdminWeb web,
            CatalogService catalog,
            InventoryService inventory,
            UnsoldKeys unsold,
            Images images) {
        routes.get("/admin/products", ctx -> {
            Map<Long, Long> available = inventory.availableByProduct();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Product p : catalog.all()) {
                long left = available.getOrDefault(p.id(), 0L);
                rows.add(Map.of(
                        "product",
                        p,
                        "available",
                        left == StockCounts.UNLIMITED ? "∞" : String.valueOf(left),
                        "kind",
                        inventory.kindOf(p.id()).kind()));
            }
            Map<String, Object> model = new HashMap<>();
            model.put("rows", rows);
            model.put("form", Map.of("currency", "CNY", "active", "true", "kind", "keys"));
            model.put("kinds", KINDS);
            web.page(ctx, "products", model);
        });
        routes.post("/admin/products", ctx -> {
            Map<String, String> form = form(ctx);
            for (String name : List.of("kind", "maxUses", "keyFormat")) {
                form.put(
                        name,
                        ctx.formParam(name) == null ? "" : ctx.formParam(name).strip());
            }
            try {
                KindDraft kind = kindDraft(form);
                Product created = catalog.create(
                        draft(form),
                        (h, product) ->
                                inventory.defineKind(h, product.id(), kind.kind(), kind.maxUses(), kind.keyFormat()));
                web.audit(ctx, "product.create", "#" + created.id() + " " + created.name());
                web.redirectDone(ctx, "/admin/products/" + created.id(), "created");
            } catch (Refusal e) {
                Map<String, Object> model = new HashMap<>();
                model.put("rows", List.of());
                model.put("form", form);
                model.put("kinds", KINDS);
                model.put("fields", e.details().getOrDefault("fields", Map.of()));
                ctx.status(HttpRefusals.status(e));
                web.page(ctx, "products", model);
            }
        });
        routes.get("/admin/products/{id}", ctx -> showProduct(ctx, web, catalog, inventory, images, null, null, null));
        routes.post("/admin/products/{id}", ctx -> {
            Product existing = catalog.require(PathIds.id(ctx, "id", "product"));
            Map<String, String> form = form(ctx);
            try {
                catalog.update(existing.id(), draft(form));
                web.audit(ctx, "product.update", "#" + existing.id() + " " + form.get("name"));
                web.redirectDone(ctx, "/admin/products/" + existing.id(), "saved");
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                @SuppressWarnings("unchecked")
                Map<String, String> fields = (Map<String, String>) e.details().getOrDefault("fields", Map.of());
                showProduct(ctx, web, catalog, inventory, images, form, fields, null);
            }
        });
        routes.post("/admin/products/{id}/visibility", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            boolean show = "show".equals(ctx.formParam("to"));
            catalog.update(
                    p.id(), new ProductDraft(p.name(), p.description(), p.price(), p.currency(), show, p.category()));
            web.audit(ctx, show ? "product.show" : "product.hide", "#" + p.id() + " " + p.name());
            web.redirectDone(ctx, "/admin/products/" + p.id(), show ? "shown" : "hidden");
        });
        routes.post("/admin/products/{id}/keys", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            String text = ctx.formParam("keys");
            ImportReport report = inventory.importKeys(
                    p.id(), new ByteArrayInputStream((text == null ? "" : text).getBytes(StandardCharsets.UTF_8)));
            web.audit(
                    ctx,
                    "keys.import",
                    "#" + p.id() + " imported " + report.imported() + ", duplicates " + report.duplicates()
                            + ", rejected " + report.rejected());
            showProduct(ctx, web, catalog, inventory, images, null, null, report);
        });
        // One piece of a file upload, sent by admin.js with the CSRF header; answers the piece's report.
        routes.post("/admin/products/{id}/keys/chunk", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            if (ctx.req().getContentLengthLong() > MAX_CHUNK_BYTES) {
                throw new Refusal(
                        Refusal.Kind.TOO_LARGE,
                        "payload_too_large",
                        "send the file in pieces of at most " + MAX_CHUNK_BYTES + " bytes");
            }
            ImportReport report = inventory.importKeys(p.id(), new ByteArrayInputStream(ctx.bodyAsBytes()));
            if ("true".equals(ctx.queryParam("last"))) {
                web.audit(ctx, "keys.import", "#" + p.id());
            }
            ctx.json(report);
        });
        routes.get("/admin/products/{id}/stock", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            ctx.html(web.render(ctx, "stock_fragment", Map.of("stock", inventory.stock(p.id()))));
        });
        routes.post("/admin/products/{id}/keys/export", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            ctx.contentType("text/plain; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"unsold-keys-product-" + p.id() + ".txt\"");
            // Audited before a single key is decrypted: an export that breaks off is still on record.
            web.audit(
                    ctx,
                    "keys.export",
                    "#" + p.id() + " exporting " + inventory.stock(p.id()).available() + " unsold key(s) in plaintext");
            Writer out = new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8);
            unsold.export(p.id(), out);
            out.flush();
        });
        routes.post("/admin/products/{id}/keys/remove-unsold", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            if (!"REMOVE".equals(ctx.formParam("confirm"))) {
                web.redirectDone(ctx, "/admin/products/" + p.id(), "not_confirmed");
                return;
            }
            int removed = unsold.removeAll(p.id());
            web.audit(ctx, "keys.remove", "#" + p.id() + " -" + removed);
            web.redirectDone(ctx, "/admin/products/" + p.id(), "removed");
        });
    }

    private static void showProduct(
            Context ctx,
            AdminWeb web,
            CatalogService catalog,
            InventoryService inventory,
            Images images,
            @Nullable Map<String, String> form,
            @Nullable Map<String, String> fields,
            @Nullable ImportReport report) {
        Product p = catalog.require(PathIds.id(ctx, "id", "product"));
        Map<String, Object> model = new HashMap<>();
        model.put("product", p);
        model.put(
                "form",
                form != null
                        ? form
                        : Map.of(
                                "name",
                                p.name(),
                                "description",
                                p.description(),
                                "price",
                                AdminViews.money(p.price(), p.currency()).split(" ")[0],
                                "currency",
                                p.currency(),
                                "active",
                                String.valueOf(p.active()),
                                "category",
                                p.category()));
        model.put("fields", fields == null ? Map.of() : fields);
        model.put("preview", ProductMarkdown.toSafeHtml(p.description()));
        model.put("stock", inventory.stock(p.id()));
        model.put("kind", inventory.kindOf(p.id()));
        model.put("report", report);
        model.put("chunkBytes", 512 * 1024);
        images.shown(Images.productOwner(p.id())).ifPresent(i -> model.put("image", ImagePages.view(i)));
        web.page(ctx, "product", model);
    }

    private static final List<String> KINDS =
            java.util.Arrays.stream(ProductKind.values()).map(ProductKind::code).toList();

    /** The kind fields of the create form; a cap that is not a whole number is a field error like any other. */
    private static KindDraft kindDraft(Map<String, String> form) {
        Long maxUses = null;
        if (!field(form, "maxUses").isEmpty()) {
            try {
                maxUses = Long.parseLong(field(form, "maxUses"));
            } catch (NumberFormatException e) {
                throw Refusal.invalidFields(
                        "invalid_product",
                        "the product is not valid",
                        Map.of("maxUses", "must be a whole number, or empty for no limit"));
            }
        }
        return KindDraft.of(
                field(form, "kind").isEmpty() ? null : field(form, "kind"),
                maxUses,
                field(form, "keyFormat").isEmpty() ? null : field(form, "keyFormat"));
    }

    private static Map<String, String> form(Context ctx) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String name : List.of("name", "description", "price", "currency", "category")) {
            String v = ctx.formParam(name);
            form.put(name, v == null ? "" : v);
        }
        form.put("active", ctx.formParam("active") != null ? "true" : "");
        return form;
    }

    /** A field of a form read by {@link #form} (and the create route's kind fields): each is there, "" when not sent. */
    private static String field(Map<String, String> form, String name) {
        return form.getOrDefault(name, "");
    }

    private static ProductDraft draft(Map<String, String> form) {
        String currency = field(form, "currency").strip().toUpperCase(java.util.Locale.ROOT);
        Long price;
        try {
            price = AdminViews.parseMoney(field(form, "price"), currency);
        } catch (RuntimeException e) {
            price = null;
        }
        if (price == null) {
            Map<String, String> problems = new LinkedHashMap<>();
            problems.put("price", "must be an amount such as 9.90");
            try {
                new ProductDraft(form.get("name"), form.get("description"), 0, currency, true).validated();
            } catch (Refusal e) {
                @SuppressWarnings("unchecked")
                Map<String, String> more = (Map<String, String>) e.details().get("fields");
                problems.putAll(more);
            }
            throw Refusal.invalidFields("invalid_product", "the product is not valid", problems);
        }
        return new ProductDraft(
                form.get("name"),
                form.get("description"),
                price,
                currency,
                !field(form, "active").isEmpty(),
                form.getOrDefault("category", ""));
    }
}
