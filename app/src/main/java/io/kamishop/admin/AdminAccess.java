package io.kamishop.admin;

import java.util.Locale;
import java.util.Optional;

/**
 * The one policy of who may call which admin route: the route's area from {@link AdminApiAreas},
 * asked of whatever the caller holds (a token's {@link TokenScope}, a signed-in admin's
 * {@link StaffRole}). The API's before-handler and the admin pages' guard both call {@link #refusal},
 * so a role cannot do on a page what it may not do through the API, or the other way round.
 */
public final class AdminAccess {

    /** What a caller holds: a token scope or a staff role. */
    public interface Grant {
        boolean permits(String method, AdminApiAreas.Area area);

        /** How the refusal names it, e.g. "this token's scope (orders)". */
        String describe();
    }

    private AdminAccess() {}

    /** Why this grant may not call this route, or empty when it may. */
    public static Optional<String> refusal(String method, String path, Grant grant) {
        AdminApiAreas.Area area = area(path);
        if (grant.permits(method, area)) {
            return Optional.empty();
        }
        return Optional.of(grant.describe() + " does not allow " + method + " on "
                + area.name().toLowerCase(Locale.ROOT) + " routes");
    }

    /** The route's area; an unlisted route is administration (fails closed). */
    public static AdminApiAreas.Area area(String path) {
        return AdminApiAreas.of(path).orElse(AdminApiAreas.Area.ADMINISTRATION);
    }

    static boolean reads(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }
}
