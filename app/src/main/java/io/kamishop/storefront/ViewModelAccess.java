package io.kamishop.storefront;

import io.pebbletemplates.pebble.attributes.methodaccess.MethodAccessValidator;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * The only Java methods a template may call: the component accessors of the view-model records.
 * Pebble's default only blocks a list of dangerous methods; an allowlist also closes the ones nobody
 * thought of ({@code getClass()}, {@code toString()} of something secret, a service's mutator).
 */
final class ViewModelAccess implements MethodAccessValidator {

    static final String VIEW_PACKAGE = "io.kamishop.storefront.view";

    @Override
    public boolean isMethodAccessAllowed(Object object, Method method) {
        Class<?> type = object.getClass();
        if (!type.isRecord() || !type.getPackageName().equals(VIEW_PACKAGE) || method.getParameterCount() != 0) {
            return false;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getAccessor().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
