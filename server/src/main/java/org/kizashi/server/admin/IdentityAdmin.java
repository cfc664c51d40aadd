package org.kizashi.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kizashi.core.Transactions;
import org.kizashi.core.identity.ApiToken;
import org.kizashi.core.identity.ApiTokenRepository;
import org.kizashi.core.identity.NewUser;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.OrganisationRepository;
import org.kizashi.core.identity.PasswordHasher;
import org.kizashi.core.identity.Role;
import org.kizashi.core.identity.SessionRepository;
import org.kizashi.core.identity.User;
import org.kizashi.core.identity.UserRepository;
import org.kizashi.server.AuditTrail;

/** Organisations and users, changed by administrators (or by the platform itself as actor "system"). Every change is audited. */
public final class IdentityAdmin {
    /** Passwords shorter than this are refused (NIST SP 800-63B asks for at least 8; operators' accounts deserve more). */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final Transactions transactions;
    private final OrganisationRepository organisations;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final ApiTokenRepository tokens;
    private final PasswordHasher hasher;
    private final AuditTrail audit;

    public IdentityAdmin(Transactions transactions, OrganisationRepository organisations, UserRepository users,
                         SessionRepository sessions, ApiTokenRepository tokens, PasswordHasher hasher, AuditTrail audit) {
        this.transactions = transactions;
        this.organisations = organisations;
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.hasher = hasher;
        this.audit = audit;
    }

    public Organisation createOrganisation(String actor, String name) {
        return transactions.inTransaction(() -> {
            Organisation o = organisations.create(name);
            audit.record(actor, "organisation.create", "organisation " + o.id(), Map.of("name", o.name()));
            return o;
        });
    }

    public User createUser(String actor, String username, String displayName, long organisationId, Role role,
                           char[] password) {
        checkPassword(password);
        return createUserWithoutPolicy(actor, username, displayName, organisationId, role, password);
    }

    /** For the first administrator only, whose password the operator chose explicitly (KIZASHI_ADMIN_PASSWORD). */
    User createUserWithoutPolicy(String actor, String username, String displayName, long organisationId, Role role,
                                 char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("empty password");
        }
        NewUser.checkUsername(username);
        if (organisations.find(organisationId).isEmpty()) {
            throw new IllegalArgumentException("no organisation with id " + organisationId);
        }
        String hash = hasher.hash(password);
        return transactions.inTransaction(() -> {
            User u = users.create(new NewUser(username, displayName, organisationId, role, hash));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("username", u.username());
            detail.put("organisation", organisationId);
            detail.put("role", role.id());
            audit.record(actor, "user.create", "user " + u.username(), detail);
            return u;
        });
    }

    /** Changes what is given (role, enabled, password); disabling a user or changing the password ends their sessions. */
    public User updateUser(String actor, long userId, Optional<Role> role, Optional<Boolean> enabled,
                           Optional<char[]> password) {
        password.ifPresent(IdentityAdmin::checkPassword);
        Optional<String> hash = password.map(hasher::hash);
        return transactions.inTransaction(() -> {
            User before = users.find(userId).orElseThrow(() -> new NotFoundException("no user with id " + userId));
            Map<String, Object> detail = new LinkedHashMap<>();
            role.ifPresent(r -> {
                users.setRole(userId, r);
                detail.put("role", r.id());
            });
            enabled.ifPresent(e -> {
                users.setEnabled(userId, e);
                detail.put("enabled", e);
            });
            hash.ifPresent(h -> {
                users.setPasswordHash(userId, h);
                detail.put("password", "changed");
            });
            if (enabled.equals(Optional.of(false)) || hash.isPresent()) {
                sessions.deleteForUser(userId);
            }
            audit.record(actor, "user.update", "user " + before.username(), detail);
            return users.find(userId).orElseThrow();
        });
    }

    /** A user changing their own password must give the current one; all their sessions end. */
    public void changeOwnPassword(User user, char[] currentPassword, char[] newPassword) {
        String hash = users.passwordHash(user.id()).orElseThrow();
        if (!hasher.verify(currentPassword, hash)) {
            throw new IllegalArgumentException("the current password is wrong");
        }
        updateUser(user.username(), user.id(), Optional.empty(), Optional.empty(), Optional.of(newPassword));
    }

    public void deleteToken(String actor, ApiToken token) {
        transactions.inTransaction(() -> {
            tokens.delete(token.id());
            audit.record(actor, "token.delete", "token " + token.id(), Map.of("name", token.name()));
        });
    }

    public static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length > 1024) {
            throw new IllegalArgumentException("a password has at most 1024 characters");
        }
    }

    /** A user, organisation or token that does not exist. */
    public static final class NotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotFoundException(String message) {
            super(message);
        }
    }
}
