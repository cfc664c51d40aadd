package org.kizashi.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kizashi.server.AuditTrail;
import org.kizashi.core.identity.ApiToken;
import org.kizashi.core.identity.ApiTokenRepository;
import org.kizashi.core.identity.OrganisationRepository;
import org.kizashi.core.identity.PasswordHasher;
import org.kizashi.core.identity.SessionRepository;
import org.kizashi.core.identity.User;
import org.kizashi.core.identity.UserRepository;
import org.kizashi.core.identity.WebSession;
import org.kizashi.core.Transactions;

/** Logs users in and out and recognises them again from a session cookie or an API token. */
public final class AuthService {
    /** The cookie value and the session behind it. The value itself is never stored. */
    public record Login(String cookieValue, WebSession session, User user) {
    }

    /** A token's secret is shown once, at creation, and only its hash is kept. */
    public record IssuedToken(ApiToken token, String secret) {
    }

    /** Prefix of API token secrets, so that they are recognisable in logs and by secret scanners. */
    public static final String TOKEN_PREFIX = "kzs_";

    private final Transactions transactions;
    private final UserRepository users;
    private final OrganisationRepository organisations;
    private final SessionRepository sessions;
    private final ApiTokenRepository tokens;
    private final AuditTrail audit;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration sessionLifetime;
    private final LoginThrottle throttle;
    // Verified when the user name is unknown, so that the response time does not reveal which names exist.
    private final String dummyHash;

    public AuthService(Transactions transactions, UserRepository users, OrganisationRepository organisations,
                       SessionRepository sessions, ApiTokenRepository tokens, AuditTrail audit, PasswordHasher hasher,
                       Clock clock, Duration sessionLifetime, LoginThrottle throttle) {
        this.transactions = transactions;
        this.users = users;
        this.organisations = organisations;
        this.sessions = sessions;
        this.tokens = tokens;
        this.audit = audit;
        this.hasher = hasher;
        this.clock = clock;
        this.sessionLifetime = sessionLifetime;
        this.throttle = throttle;
        this.dummyHash = hasher.hash(Secrets.token().toCharArray());
    }

    /**
     * Checks the password and opens a session; empty for a wrong name or password or a disabled user, all alike.
     *
     * @throws LoginThrottle.TooManyAttempts after repeated failures for this user name or from this address
     */
    public Optional<Login> login(String username, char[] password, String language, String clientAddress) {
        Optional<CheckedPassword> checked = checkPassword(username, password, clientAddress, "auth.login.failed");
        if (checked.isEmpty()) {
            return Optional.empty();
        }
        User u = checked.get().user();
        String hash = checked.get().hash();
        return Optional.of(transactions.inTransaction(() -> {
            if (hasher.needsRehash(hash)) {
                users.setPasswordHash(u.id(), hasher.hash(password));
            }
            String cookie = Secrets.token();
            Instant now = clock.instant();
            WebSession session = new WebSession(Secrets.sha256(cookie), u.id(), now, now.plus(sessionLifetime),
                    Secrets.token(), language);
            sessions.create(session);
            audit.record(u.username(), "auth.login", "user " + u.username(), Map.of("client", clientAddress));
            return new Login(cookie, session, u);
        }));
    }

    /** An enabled user whose password matched, and the stored hash it matched. */
    private record CheckedPassword(User user, String hash) {
    }

    /**
     * Checks a name and password under the throttle; a wrong name, a wrong password and a disabled user fail alike
     * (audited as {@code failedAction}).
     */
    private Optional<CheckedPassword> checkPassword(String username, char[] password, String clientAddress,
                                                    String failedAction) {
        throttle.check(username, clientAddress);
        Optional<User> user = username == null ? Optional.empty() : users.findByUsername(username.trim());
        String hash = user.flatMap(u -> users.passwordHash(u.id())).orElse(dummyHash);
        boolean ok = hasher.verify(password, hash) && user.isPresent() && user.get().enabled();
        if (!ok) {
            String name = username == null ? "" : username.trim();
            audit.record(name, failedAction, "user " + name, Map.of("client", clientAddress));
            throttle.failed(username, clientAddress);
            return Optional.empty();
        }
        throttle.succeeded(username);
        return Optional.of(new CheckedPassword(user.get(), hash));
    }

    public void logout(Principal principal) {
        if (principal.sessionIdHash() == null) {
            return;
        }
        transactions.inTransaction(() -> {
            sessions.delete(principal.sessionIdHash());
            audit.record(principal.name(), "auth.logout", "user " + principal.name(), null);
        });
    }

    /** The user behind a session cookie, if the session is live and the user enabled. */
    public Optional<Principal> fromSessionCookie(String cookieValue) {
        if (cookieValue == null || cookieValue.length() != 43) {
            return Optional.empty();
        }
        String idHash = Secrets.sha256(cookieValue);
        return sessions.find(idHash)
                .filter(s -> !s.expiredAt(clock.instant()))
                .flatMap(s -> enabledUser(s.userId()).flatMap(u -> organisations.find(u.organisationId())
                        .map(o -> new Principal(u, o, s.idHash(), s.csrfToken(), s.language()))));
    }

    /** The user behind an API token secret, if the token exists, has not expired and the user is enabled. */
    public Optional<Principal> fromToken(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findBySecretHash(Secrets.sha256(secret))
                .filter(t -> !t.expiredAt(now))
                .flatMap(t -> {
                    tokens.touch(t.id(), now);
                    return enabledUser(t.userId());
                })
                .flatMap(this::withoutSession);
    }

    /**
     * The user behind a name and password sent with each request (HTTP Basic, for TAXII clients), without a session.
     * Passwords are checked with the same throttle as logins; a successful check is remembered for
     * {@link #BASIC_REMEMBERED} by the SHA-256 of name and password, so that a client paging through a collection
     * does not pay a password hash per page. A changed password or a disabled user takes effect after that at most.
     *
     * @throws LoginThrottle.TooManyAttempts after repeated failures for this user name or from this address
     */
    public Optional<Principal> fromPassword(String username, char[] password, String clientAddress) {
        String key = Secrets.sha256(username + "\u0000" + new String(password));
        Instant now = clock.instant();
        RememberedPassword remembered = rememberedPasswords.get(key);
        if (remembered != null && remembered.until().isAfter(now)) {
            return enabledUser(remembered.userId()).flatMap(this::withoutSession);
        }
        Optional<CheckedPassword> checked = checkPassword(username, password, clientAddress, "auth.basic.failed");
        if (checked.isEmpty()) {
            return Optional.empty();
        }
        if (rememberedPasswords.size() > 10_000) {
            rememberedPasswords.clear(); // a bound, not a cache policy: entries are cheap to rebuild
        }
        rememberedPasswords.put(key, new RememberedPassword(checked.get().user().id(), now.plus(BASIC_REMEMBERED)));
        return withoutSession(checked.get().user());
    }

    /**
     * The user a verified TLS client certificate names (its CN), without a session; empty for an unknown or disabled
     * user.
     */
    public Optional<Principal> fromCertificate(String username) {
        return users.findByUsername(username).filter(User::enabled).flatMap(this::withoutSession);
    }

    /** The principal of a request authenticated on its own (token, password), with no session behind it. */
    private Optional<Principal> withoutSession(User user) {
        return organisations.find(user.organisationId()).map(o -> new Principal(user, o, null, null, null));
    }

    /** How long a checked name and password are taken without checking the hash again. */
    static final Duration BASIC_REMEMBERED = Duration.ofMinutes(5);

    private record RememberedPassword(long userId, Instant until) {
    }

    private final Map<String, RememberedPassword> rememberedPasswords = new ConcurrentHashMap<>();

    private Optional<User> enabledUser(long id) {
        return users.find(id).filter(User::enabled);
    }

    public void rememberLanguage(Principal principal, String language) {
        if (principal.sessionIdHash() != null) {
            sessions.setLanguage(principal.sessionIdHash(), language);
        }
    }

    public IssuedToken issueToken(Principal owner, String name, Optional<Instant> expires) {
        String secret = TOKEN_PREFIX + Secrets.token();
        return transactions.inTransaction(() -> {
            ApiToken token = tokens.create(owner.user().id(), name, Secrets.sha256(secret), expires);
            audit.record(owner.name(), "token.create", "token " + token.id(), Map.of("name", name));
            return new IssuedToken(token, secret);
        });
    }

    public int purgeExpiredSessions() {
        return sessions.deleteExpired(clock.instant());
    }
}
