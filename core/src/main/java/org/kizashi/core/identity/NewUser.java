package org.kizashi.core.identity;

import java.util.Objects;
import java.util.regex.Pattern;

/** What is needed to create a user; {@code passwordHash} is already hashed by a {@link PasswordHasher}. */
public record NewUser(String username, String displayName, long organisationId, Role role, String passwordHash) {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public NewUser {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        checkUsername(username);
        if (displayName == null || displayName.isBlank()) {
            displayName = username;
        }
    }

    /** User names are lower-case ASCII so that they are typed the same way on every keyboard and IME. */
    public static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("invalid user name '" + username
                    + "': 1 to 63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
