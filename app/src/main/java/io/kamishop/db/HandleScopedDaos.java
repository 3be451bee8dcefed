package io.kamishop.db;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.core.extension.HandleSupplier;

/**
 * Makes {@code handle.attach(SomeDao.class)} cost one map lookup after the first call on a handle.
 *
 * <p>JDBI builds a fresh proxy on every attach, with a handler and a copy of the configuration for
 * every method of the interface; a profile of the payment path showed half of all CPU time there,
 * because services attach their DAOs per call and a group-committed batch runs many such calls on
 * one handle. A SQL object holds nothing but its handle, so the one made first is reused for as long
 * as that handle lives. The cache lives in the handle's own configuration copy, so it is never
 * shared between handles, threads or transactions, and goes away with the handle.
 *
 * <p>Where handles are short-lived (every PostgreSQL transaction has its own), that first attach is paid per
 * transaction and DAO: the SQL object is a {@link LazySqlObject}, which readies a method when it is first called
 * (attaching a 40-method DAO on a new PostgreSQL handle: 660–720 µs with JDBI's own proxy, 8–16 µs so).
 */
final class HandleScopedDaos implements ExtensionFactory {

    private final ExtensionFactory sqlObjects;
    private final ClassValue<Boolean> accepted = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return sqlObjects.accepts(type);
        }
    };
    /**
     * Each DAO type's metadata, built once from the store's JDBI configuration. A handle's own copy of the
     * configuration keeps what it builds only for as long as the handle lives, so a type missing from the shared
     * cache was described anew for every handle.
     */
    private final ClassValue<LazySqlObject.Shape> shapes;

    /** {@code sqlObjects}: the factory that describes the SQL objects; {@code extensions}: the store's JDBI's. */
    HandleScopedDaos(ExtensionFactory sqlObjects, Extensions extensions) {
        this.sqlObjects = sqlObjects;
        this.shapes = new ClassValue<>() {
            @Override
            protected LazySqlObject.Shape computeValue(Class<?> type) {
                return LazySqlObject.Shape.of(extensions.findMetadata(type, sqlObjects));
            }
        };
    }

    @Override
    public boolean accepts(Class<?> extensionType) {
        // JDBI asks on every attach; the SQL object factory answers by scanning the type's methods and
        // their annotations each time (an allocation profile of the write thread put it at 6% of all
        // it allocated). The answer for a type never changes.
        return accepted.get(extensionType);
    }

    @Override
    public <E> E attach(Class<E> extensionType, HandleSupplier handleSupplier) {
        Map<Class<?>, Object> attached = handleSupplier.getConfig().get(Attached.class).daos;
        Object dao = attached.get(extensionType);
        if (dao == null) {
            dao = LazySqlObject.attach(extensionType, shapes.get(extensionType), handleSupplier);
            attached.put(extensionType, dao);
        }
        return extensionType.cast(dao);
    }

    @Override
    public Set<FactoryFlag> getFactoryFlags() {
        // Hands out what the SQL object factory made, instead of wrapping it in another proxy.
        return EnumSet.of(FactoryFlag.DONT_USE_PROXY);
    }

    /** The SQL objects attached to one handle; a copied configuration starts empty. */
    public static final class Attached implements JdbiConfig<Attached> {

        // A handle is used by one thread at a time.
        private final Map<Class<?>, Object> daos = new HashMap<>();

        @Override
        public Attached createCopy() {
            return new Attached();
        }
    }
}
