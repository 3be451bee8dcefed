package io.kamishop.admin;

/** A person who can sign in to the web admin. No secret of theirs travels in this record. */
public record AdminUser(long id, String username, boolean totpEnabled, long createdAt) {
}
