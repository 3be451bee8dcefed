package io.kamishop.catalog;

import io.kamishop.db.Database;
import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** The catalogue: products and their prices. Stock lives in the inventory feature. */
public final class CatalogService {

    // Every order placed reads its product, so through plain JDBC (see FastSql).
    private static final FastSql FIND = FastSql.of(ProductDao.class, "find", "id");
    private static final ProductDao.ProductMapper PRODUCT_ROWS = new ProductDao.ProductMapper();

    private final Database database;
    private final Clock clock;

    public CatalogService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Product create(ProductDraft draft) {
        return create(draft, (tx, product) -> {});
    }

    /**
     * Creates the product and, in the same transaction, lets another feature record what belongs to it
     * (the inventory its kind), so a product never exists half made.
     */
    public Product create(ProductDraft draft, BiConsumer<Tx, Product> alsoInTransaction) {
        long now = clock.millis();
        Product product = draft.product(0, now, now);
        return database.write(tx -> {
            long id = tx.dao(ProductDao.class).insert(product);
            Product created = new Product(
                    id,
                    product.name(),
                    product.description(),
                    product.price(),
                    product.currency(),
                    product.active(),
                    product.category(),
                    now,
                    now);
            alsoInTransaction.accept(tx, created);
            return created;
        });
    }

    public Product update(long id, ProductDraft draft) {
        long now = clock.millis();
        Product valid = draft.product(id, now, now);
        return database.write(tx -> {
            Product existing = FIND.first(tx, PRODUCT_ROWS, id).orElseThrow(() -> notFound(id));
            ProductDao dao = tx.dao(ProductDao.class);
            Product updated = new Product(
                    id,
                    valid.name(),
                    valid.description(),
                    valid.price(),
                    valid.currency(),
                    valid.active(),
                    valid.category(),
                    existing.createdAt(),
                    now);
            dao.update(updated);
            return updated;
        });
    }

    public Optional<Product> find(long id) {
        return database.read(tx -> FIND.first(tx, PRODUCT_ROWS, id));
    }

    public Product require(long id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** Products buyers can see and buy. */
    public List<Product> onSale() {
        return database.read(tx -> tx.dao(ProductDao.class).listActive());
    }

    /** The products on sale a buyer's search, category and sort select, one page of them. */
    public CatalogPage browse(CatalogQuery query) {
        return database.read(tx -> {
            ProductDao dao = tx.dao(ProductDao.class);
            String pattern = query.likePattern();
            long total = dao.countSearch(query.category(), pattern);
            List<Product> products =
                    dao.search(query.category(), pattern, query.sort().code(), CatalogQuery.PAGE_SIZE, query.offset());
            return new CatalogPage(query, products, total);
        });
    }

    /** The categories that have products on sale, by name. */
    public List<Category> categories() {
        return database.read(tx -> tx.dao(ProductDao.class).categories());
    }

    public List<Product> all() {
        return database.read(tx -> tx.dao(ProductDao.class).listAll());
    }

    static Refusal notFound(long id) {
        return Refusal.notFound("product_not_found", "there is no product " + id);
    }
}
