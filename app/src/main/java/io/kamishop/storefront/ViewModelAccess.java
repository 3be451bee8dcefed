package io.kamishop.storefront;

import io.pebbletemplates.pebble.attributes.methodaccess.MethodAccessValidator;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Set;

/**
 * The only Java methods a template may call: the component accessors of the view-model records.
 * Pebble's default only blocks a list of dangerous methods; an allowlist also closes the ones nobody
 * thought of ({@code getClass()}, {@code toString()} of something secret, a service's mutator).
 */
final class ViewModelAccess implements MethodAccessValidator {

    static final String VIEW_PACKAGE = "io.kamishop.storefront.view";

    /** The callable accessors per class, worked out once: this check runs on every attribute a page reads. */
    private static final ClassValue<Set<Method>> ALLOWED = new ClassValue<>() {
        @Override
        protected Set<Method> computeValue(Class<?> type) {
            if (!type.isRecord() || !type.getPackageName().equals(VIEW_PACKAGE)) {
                return Set.of();
            }
            Set<Method> accessors = new HashSet<>();
            for (RecordComponent component : type.getRecordComponents()) {
                accessors.add(component.getAccessor());
            }
            return Set.copyOf(accessors);
        }
    };

    @Override
    public boolean isMethodAccessAllowed(Object object, Method method) {
        return ALLOWED.get(object.getClass()).contains(method);
    }
}
