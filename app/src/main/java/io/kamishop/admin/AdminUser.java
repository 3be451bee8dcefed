package io.kamishop.admin;

/** A person who can sign in to the web admin, with the role that bounds what they may do. No secret of theirs travels in this record. */
public record AdminUser(long id, String username, boolean totpEnabled, long createdAt, StaffRole role) {

    /** The role's id, for pages and JSON. */
    public String roleId() {
        return role.id();
    }
}
