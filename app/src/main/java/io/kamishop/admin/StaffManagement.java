package io.kamishop.admin;

import org.jspecify.annotations.Nullable;

/**
 * The owner's use cases on admin accounts, for the API and the users page alike: add an admin with a
 * role, change a role, remove an admin. Each change is written to the audit trail with who did it and
 * the role before and after, whichever door it came through.
 */
public final class StaffManagement {

    private final AdminUsers users;
    private final AdminAudit audit;

    public StaffManagement(AdminUsers users, AdminAudit audit) {
        this.users = users;
        this.audit = audit;
    }

    public AdminUser create(
            String actor, String ip, @Nullable String username, @Nullable String password, @Nullable String roleId) {
        AdminUser created = users.create(username, password, roleId);
        audit.record(actor, "user.create", created.username() + " (" + created.roleId() + ")", ip);
        return created;
    }

    public AdminUser changeRole(String actor, String ip, long userId, @Nullable String roleId) {
        AdminUser before = users.changeRole(userId, roleId);
        AdminUser after = users.require(userId);
        audit.record(actor, "user.role", after.username() + ": " + before.roleId() + " -> " + after.roleId(), ip);
        return after;
    }

    public void delete(String actor, String ip, long userId) {
        AdminUser gone = users.delete(userId);
        audit.record(actor, "user.delete", gone.username() + " (" + gone.roleId() + ")", ip);
    }
}
