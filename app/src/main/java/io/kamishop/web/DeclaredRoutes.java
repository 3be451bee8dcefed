package io.kamishop.web;

import io.javalin.http.ExceptionHandler;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.security.RouteRole;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsExceptionHandler;
import io.javalin.websocket.WsHandlerType;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The routes the store declared, noted as they are declared: the OpenAPI description is read from here, from what
 * the code declared, not from Javalin's private router. {@link #recording} wraps the router inside {@code
 * Javalin.create}; every endpoint declared through the wrapper is noted, then handed to the router unchanged.
 */
public final class DeclaredRoutes {

    /** The methods an API route is called with; filters (before, after) and HEAD or OPTIONS are not routes. */
    private static final Set<HandlerType> HTTP_METHODS =
            EnumSet.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH);

    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();

    /** The router, noting here each endpoint declared through it. */
    public JavalinDefaultRoutingApi<?> recording(JavalinDefaultRoutingApi<?> router) {
        return new Recorder(router, endpoints);
    }

    /**
     * Every route declared (not the before and after filters), by method in Javalin's order of methods (all GETs,
     * then all POSTs, ...) and within a method in the order declared, as Javalin's router lists them.
     */
    public List<ApiDocs.Route> httpRoutes() {
        return endpoints.stream()
                .filter(e -> HTTP_METHODS.contains(e.getMethod()))
                .sorted(Comparator.comparingInt(e -> e.getMethod().ordinal()))
                .map(e -> new ApiDocs.Route(e.getMethod().name(), e.getPath()))
                .toList();
    }

    /**
     * Passes every declaration on to the router; the get, post, before... of the interface all end in {@link
     * #addEndpoint}, where the endpoint is noted.
     */
    private static final class Recorder implements JavalinDefaultRoutingApi<Recorder> {

        private final JavalinDefaultRoutingApi<?> router;
        private final List<Endpoint> noted;

        Recorder(JavalinDefaultRoutingApi<?> router, List<Endpoint> noted) {
            this.router = router;
            this.noted = noted;
        }

        @Override
        public Recorder addEndpoint(Endpoint endpoint) {
            noted.add(endpoint);
            router.addEndpoint(endpoint);
            return this;
        }

        @Override
        public <E extends Exception> Recorder exception(Class<E> type, ExceptionHandler<? super E> handler) {
            router.exception(type, handler);
            return this;
        }

        @Override
        public Recorder error(int status, String contentType, Handler handler) {
            router.error(status, contentType, handler);
            return this;
        }

        @Override
        public <E extends Exception> Recorder wsException(Class<E> type, WsExceptionHandler<? super E> handler) {
            router.wsException(type, handler);
            return this;
        }

        @Override
        public Recorder addWsHandler(WsHandlerType type, String path, Consumer<WsConfig> handler, RouteRole... roles) {
            router.addWsHandler(type, path, handler, roles);
            return this;
        }
    }
}
