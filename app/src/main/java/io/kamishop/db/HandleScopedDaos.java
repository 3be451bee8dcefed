package io.kamishop.db;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.extension.ExtensionFactory;
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
 */
final class HandleScopedDaos implements ExtensionFactory {

    private final ExtensionFactory sqlObjects;
    private final ClassValue<Boolean> accepted = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return sqlObjects.accepts(type);
        }
    };

    /** {@code sqlObjects}: the factory that really makes the SQL objects. */
    HandleScopedDaos(ExtensionFactory sqlObjects) {
        this.sqlObjects = sqlObjects;
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
            dao = sqlObjects.attach(extensionType, handleSupplier);
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
