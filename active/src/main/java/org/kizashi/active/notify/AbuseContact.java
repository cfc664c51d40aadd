package org.kizashi.active.notify;

import java.util.Objects;

/**
 * Whom to tell about abuse from a domain or an address, as its RDAP record names them.
 *
 * @param email  the mail address to write to
 * @param name   the contact's name (the jCard "fn"); may be empty
 * @param role   {@code abuse}, or {@code registrant} or {@code technical} when the record has no abuse contact
 * @param handle the RDAP entity's handle; may be empty
 */
public record AbuseContact(String email, String name, String role, String handle) {
    public AbuseContact {
        Objects.requireNonNull(email, "email");
        name = name == null ? "" : name;
        Objects.requireNonNull(role, "role");
        handle = handle == null ? "" : handle;
    }

    /** Whether this is the record's abuse contact rather than a fallback to the registrant or technical one. */
    public boolean isAbuseRole() {
        return role.equals("abuse");
    }

    @Override
    public String toString() {
        return email + (name.isEmpty() ? "" : " (" + name + ")") + ", role " + role
                + (handle.isEmpty() ? "" : ", entity " + handle);
    }
}
