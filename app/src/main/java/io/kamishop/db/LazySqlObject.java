package io.kamishop.db;

import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ExtensionMetadata;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A SQL object whose methods are made ready on their first call instead of all at once.
 *
 * <p>JDBI's own attach makes, for every method of the interface, an invoker with its own copy of the configuration
 * and warms its statement, however few of them the caller will use: 54 for the archive's DAO, 32 for the affiliates'
 * (asked at every placement). A profile of the test suite put 12% of all its CPU there, and on PostgreSQL, where each
 * transaction has its own handle, every transaction pays it again for each DAO it touches. This proxy makes exactly
 * the invoker JDBI would have made ({@link ExtensionMetadata#createExtensionHandlerInvoker}, the same metadata, the
 * same instance configuration) for a method when it is first called on this handle. Like the handle, it is used by
 * one thread at a time.
 */
final class LazySqlObject implements InvocationHandler {

    /** A DAO type as the proxies need it: its metadata, and the metadata's methods by signature. */
    record Shape(ExtensionMetadata metadata, Map<Signature, Method> methods) {

        static Shape of(ExtensionMetadata metadata) {
            Map<Signature, Method> methods = new HashMap<>();
            for (Method method : metadata.getExtensionMethods()) {
                methods.put(Signature.of(method), method);
            }
            return new Shape(metadata, Map.copyOf(methods));
        }
    }

    /** A method as JDBI matches them: by name and signature, whichever interface of the type declared it. */
    record Signature(String name, MethodType type) {

        static Signature of(Method method) {
            return new Signature(
                    method.getName(), MethodType.methodType(method.getReturnType(), method.getParameterTypes()));
        }
    }

    private final Class<?> type;
    private final Shape shape;
    private final HandleSupplier handles;
    private final ConfigRegistry instanceConfig;
    private final Map<Method, ExtensionMetadata.ExtensionHandlerInvoker> invokers = new HashMap<>();

    private LazySqlObject(Class<?> type, Shape shape, HandleSupplier handles) {
        this.type = type;
        this.shape = shape;
        this.handles = handles;
        this.instanceConfig = shape.metadata().createInstanceConfiguration(handles.getConfig());
    }

    /** A SQL object of {@code type} on this handle. */
    static <E> E attach(Class<E> type, Shape shape, HandleSupplier handles) {
        handles.getConfig().get(Extensions.class).onCreateProxy();
        LazySqlObject handler = new LazySqlObject(type, shape, handles);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) {
        ExtensionMetadata.ExtensionHandlerInvoker invoker = invokers.get(method);
        if (invoker == null) {
            Method declared = shape.methods().get(Signature.of(method));
            if (declared == null) {
                return objectMethod(proxy, method, args);
            }
            invoker = shape.metadata().createExtensionHandlerInvoker(proxy, declared, handles, instanceConfig);
            invokers.put(method, invoker);
        }
        return invoker.invoke(args);
    }

    /** {@code toString}, {@code equals} and {@code hashCode} of the proxy itself, answered as JDBI's proxy does. */
    private Object objectMethod(Object proxy, Method method, @Nullable Object[] args) {
        return switch (method.getName()) {
            case "toString" ->
                "Jdbi extension proxy for " + type.getName() + "@"
                        + Integer.toHexString(System.identityHashCode(proxy));
            case "equals" -> args != null && args.length == 1 && proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> throw new IllegalStateException("no SQL object method " + method + " on " + type.getName());
        };
    }
}
