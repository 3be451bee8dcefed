package io.kamishop.plugin;

import io.kamishop.api.KamishopExtension;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the rest of the store holds instead of a plugin's extension object: a proxy that makes every
 * call inside the plugin's gate, so a plugin is only stopped once the calls in flight have returned.
 *
 * <p>A caller may keep a proxy across an upgrade (it looked the channel up a moment before): when
 * its version is closed, the proxy moves to the same extension class in the version now running,
 * so the call succeeds instead of failing on an unloaded class loader.
 */
final class ExtensionGuard implements InvocationHandler {

    private final String pluginId;
    private final String className;
    private final Function<String, @Nullable LoadedPlugin> running;
    private volatile LoadedPlugin owner;
    private volatile Object target;

    private ExtensionGuard(LoadedPlugin owner, Object target, Function<String, @Nullable LoadedPlugin> running) {
        this.pluginId = owner.id();
        this.className = target.getClass().getName();
        this.running = running;
        this.owner = owner;
        this.target = target;
    }

    /** A proxy implementing every extension point {@code extension} implements. */
    static Object wrap(
            LoadedPlugin owner, KamishopExtension extension, Function<String, @Nullable LoadedPlugin> running) {
        Set<Class<?>> points = extensionPoints(extension.getClass());
        return Proxy.newProxyInstance(
                KamishopExtension.class.getClassLoader(),
                points.toArray(Class<?>[]::new),
                new ExtensionGuard(owner, extension, running));
    }

    /** The API interfaces a class implements (its plugin-private interfaces are not visible to the host). */
    static Set<Class<?>> extensionPoints(Class<?> type) {
        Set<Class<?>> points = new LinkedHashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                collect(i, type.getClassLoader(), points);
            }
        }
        return points;
    }

    private static void collect(Class<?> i, ClassLoader pluginLoader, Set<Class<?>> points) {
        if (KamishopExtension.class.isAssignableFrom(i) && i.getClassLoader() != pluginLoader) {
            points.add(i);
        }
        for (Class<?> parent : i.getInterfaces()) {
            collect(parent, pluginLoader, points);
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "guarded " + className + " of plugin " + pluginId;
            };
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            LoadedPlugin current = owner;
            Object delegate = target;
            if (current.enter()) {
                try {
                    return method.invoke(delegate, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                } finally {
                    current.leave();
                }
            }
            LoadedPlugin successor = running.apply(pluginId);
            Object same = successor == null || successor == current ? null : successor.extensionOfClass(className);
            if (same == null) {
                break;
            }
            owner = successor;
            target = same;
        }
        throw new PluginStoppedException(pluginId);
    }
}
