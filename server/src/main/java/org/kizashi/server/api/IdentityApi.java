package org.kizashi.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kizashi.core.audit.AuditEntry;
import org.kizashi.core.identity.ApiToken;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.Role;
import org.kizashi.core.identity.User;
import org.kizashi.server.Services;
import org.kizashi.server.auth.AuthService;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.http.Access;
import org.kizashi.server.http.ApiError;
import org.kizashi.server.http.Requests;
import org.kizashi.server.http.SessionCookies;
import org.kizashi.server.ui.Pages;

/** /api/v1: log in and out, who am I, organisations, users, API tokens and the audit log. */
public final class IdentityApi {
    record LoginRequest(String username, String password) {
    }

    record NewOrganisationRequest(String name) {
    }

    record NewUserRequest(String username, String displayName, Long organisationId, String role, String password) {
    }

    record UserPatch(String role, Boolean enabled, String password) {
    }

    record PasswordChange(String currentPassword, String newPassword) {
    }

    record NewTokenRequest(String name, Instant expires) {
    }

    record UserView(long id, String username, String displayName, long organisationId, String role, boolean enabled,
                    Instant created) {
        static UserView of(User u) {
            return new UserView(u.id(), u.username(), u.displayName(), u.organisationId(), u.role().id(), u.enabled(), u.created());
        }
    }

    record TokenView(long id, String name, Instant created, Instant expires, Instant lastUsed) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id(), t.name(), t.created(), t.expires().orElse(null), t.lastUsed().orElse(null));
        }
    }

    private final Services services;

    public IdentityApi(Services services) {
        this.services = services;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/v1/auth/login", this::login, Access.PUBLIC);
        routes.post("/api/v1/auth/logout", this::logout, Access.VIEWER);
        routes.get("/api/v1/me", this::me, Access.VIEWER);
        routes.post("/api/v1/me/password", this::changeOwnPassword, Access.VIEWER);
        routes.get("/api/v1/organisations", ctx -> ctx.json(services.database().organisations().list()), Access.VIEWER);
        routes.post("/api/v1/organisations", this::createOrganisation, Access.ADMIN);
        routes.get("/api/v1/users", ctx -> ctx.json(services.database().users().list().stream().map(UserView::of).toList()),
                Access.ADMIN);
        routes.post("/api/v1/users", this::createUser, Access.ADMIN);
        routes.get("/api/v1/users/{id}", ctx -> ctx.json(UserView.of(services.database().users().find(pathId(ctx))
                .orElseThrow(() -> ApiError.notFound("no user with id " + ctx.pathParam("id"))))), Access.ADMIN);
        routes.patch("/api/v1/users/{id}", this::updateUser, Access.ADMIN);
        routes.get("/api/v1/tokens", this::listTokens, Access.VIEWER);
        routes.post("/api/v1/tokens", this::createToken, Access.VIEWER);
        routes.delete("/api/v1/tokens/{id}", this::deleteToken, Access.VIEWER);
        routes.get("/api/v1/audit", this::audit, Access.ADMIN);
    }

    static long pathId(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("'" + text + "' is not a numeric id");
        }
    }

    private void login(Context ctx) {
        LoginRequest request = Requests.body(ctx, services.json(), LoginRequest.class);
        Requests.required(request.username(), "username");
        Requests.required(request.password(), "password");
        AuthService.Login login = services.auth().login(request.username(), request.password().toCharArray(),
                Pages.language(ctx).code(), Requests.clientAddress(ctx))
                .orElseThrow(() -> ApiError.unauthorized("wrong user name or password"));
        SessionCookies.set(ctx, login.cookieValue(), services);
        Organisation org = services.database().organisations().find(login.user().organisationId()).orElseThrow();
        ctx.json(Map.of("user", UserView.of(login.user()), "organisation", org, "csrfToken", login.session().csrfToken(),
                "expires", login.session().expires()));
    }

    private void logout(Context ctx) {
        services.auth().logout(Requests.requirePrincipal(ctx));
        SessionCookies.clear(ctx, services);
        ctx.status(204);
    }

    private void me(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        ctx.json(Map.of("user", UserView.of(p.user()), "organisation", p.organisation(),
                "authentication", p.viaSession() ? "session" : "token"));
    }

    private void changeOwnPassword(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        PasswordChange change = Requests.body(ctx, services.json(), PasswordChange.class);
        Requests.required(change.currentPassword(), "currentPassword");
        Requests.required(change.newPassword(), "newPassword");
        services.identityAdmin().changeOwnPassword(p.user(), change.currentPassword().toCharArray(),
                change.newPassword().toCharArray());
        SessionCookies.clear(ctx, services);
        ctx.status(204);
    }

    private void createOrganisation(Context ctx) {
        NewOrganisationRequest request = Requests.body(ctx, services.json(), NewOrganisationRequest.class);
        Requests.required(request.name(), "name");
        ctx.status(201).json(services.identityAdmin().createOrganisation(Requests.requirePrincipal(ctx).name(), request.name()));
    }

    private void createUser(Context ctx) {
        NewUserRequest r = Requests.body(ctx, services.json(), NewUserRequest.class);
        Requests.required(r.username(), "username");
        Requests.required(r.password(), "password");
        Requests.required(r.role(), "role");
        if (r.organisationId() == null) {
            throw ApiError.badRequest("field 'organisationId' is required");
        }
        User u = services.identityAdmin().createUser(Requests.requirePrincipal(ctx).name(), r.username(), r.displayName(),
                r.organisationId(), Role.parse(r.role()), r.password().toCharArray());
        ctx.status(201).json(UserView.of(u));
    }

    private void updateUser(Context ctx) {
        long id = pathId(ctx);
        UserPatch patch = Requests.body(ctx, services.json(), UserPatch.class);
        Principal p = Requests.requirePrincipal(ctx);
        if (id == p.user().id() && (Boolean.FALSE.equals(patch.enabled())
                || (patch.role() != null && Role.parse(patch.role()) != Role.ADMIN))) {
            throw ApiError.badRequest("you cannot disable yourself or give up your own admin role");
        }
        User u = services.identityAdmin().updateUser(p.name(), id, Optional.ofNullable(patch.role()).map(Role::parse),
                Optional.ofNullable(patch.enabled()), Optional.ofNullable(patch.password()).map(String::toCharArray));
        ctx.json(UserView.of(u));
    }

    private void listTokens(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        ctx.json(services.database().apiTokens().listForUser(p.user().id()).stream().map(TokenView::of).toList());
    }

    private void createToken(Context ctx) {
        NewTokenRequest r = Requests.body(ctx, services.json(), NewTokenRequest.class);
        Requests.required(r.name(), "name");
        if (r.expires() != null && !r.expires().isAfter(services.clock().instant())) {
            throw ApiError.badRequest("field 'expires' must lie in the future");
        }
        AuthService.IssuedToken issued = services.auth().issueToken(Requests.requirePrincipal(ctx), r.name(),
                Optional.ofNullable(r.expires()));
        ctx.status(201).json(Map.of("token", TokenView.of(issued.token()), "secret", issued.secret()));
    }

    private void deleteToken(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        ApiToken token = services.database().apiTokens().find(pathId(ctx))
                .filter(t -> t.userId() == p.user().id() || p.has(Role.ADMIN))
                .orElseThrow(() -> ApiError.notFound("no token with id " + ctx.pathParam("id")));
        services.identityAdmin().deleteToken(p.name(), token);
        ctx.status(204);
    }

    private void audit(Context ctx) {
        int limit = parseInt(ctx.queryParam("limit"), 100, "limit");
        long before = parseLong(ctx.queryParam("before"), 0, "before");
        List<AuditEntry> entries = services.database().audit().latest(limit, before);
        ctx.json(entries);
    }

    private static int parseInt(String text, int fallback, String name) {
        long value = parseLong(text, fallback, name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw ApiError.badRequest("query parameter '" + name + "' is out of range: '" + text + "'");
        }
        return (int) value;
    }

    private static long parseLong(String text, long fallback, String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter '" + name + "' is not a number: '" + text + "'");
        }
    }
}
