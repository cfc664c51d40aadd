package org.kizashi.server.admin;

import java.util.Optional;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.OrganisationRepository;
import org.kizashi.core.identity.Role;
import org.kizashi.core.identity.UserRepository;
import org.kizashi.server.auth.Secrets;

/** Makes sure a fresh platform can be logged into: the operating organisation and the first administrator 'admin'. */
public final class Bootstrap {
    public static final String ADMIN = "admin";
    public static final String OPERATOR_ORGANISATION = "Kizashi 運用 (Operations)";

    /** What happened to the administrator; {@code generatedPassword} is present only when it was generated now. */
    public record AdminAccount(boolean created, Optional<String> generatedPassword, boolean weakPassword) {
    }

    private Bootstrap() {
    }

    public static AdminAccount ensureAdmin(OrganisationRepository organisations, UserRepository users,
                                           IdentityAdmin admin, String configuredPassword) {
        if (users.findByUsername(ADMIN).isPresent()) {
            return new AdminAccount(false, Optional.empty(), false);
        }
        Organisation operator = organisations.findOrCreate(OPERATOR_ORGANISATION);
        boolean generate = configuredPassword == null || configuredPassword.isEmpty();
        String password = generate ? Secrets.password(20) : configuredPassword;
        admin.createUserWithoutPolicy("system", ADMIN, "Administrator / 管理者", operator.id(), Role.ADMIN, password.toCharArray());
        return new AdminAccount(true, generate ? Optional.of(password) : Optional.empty(),
                password.length() < IdentityAdmin.MIN_PASSWORD_LENGTH);
    }
}
