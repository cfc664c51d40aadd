package org.kizashi.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kizashi.core.identity.ApiToken;
import org.kizashi.core.identity.DuplicateException;
import org.kizashi.core.identity.NewUser;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.Role;
import org.kizashi.core.identity.User;
import org.kizashi.server.Services;
import org.kizashi.server.admin.IdentityAdmin;
import org.kizashi.server.auth.AuthService;
import org.kizashi.server.auth.LoginThrottle;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.http.Access;
import org.kizashi.server.http.Requests;
import org.kizashi.server.http.SessionCookies;
import org.kizashi.server.http.WebForms;

/** The pages a person reads: login, the overview with the world map, the areas, administration and the account. */
public final class UiRoutes {
    private final Services services;
    private final Pages pages;
    private final ResponsePage response;

    public UiRoutes(Services services) {
        this.services = services;
        this.pages = services.pages();
        this.response = new ResponsePage(services);
    }

    /** The walled garden: answers the warning page when the request's host is a blocked name (see ResponsePage). */
    public boolean warnsForBlockedHost(io.javalin.http.Context ctx) {
        return response.warnsForBlockedHost(ctx);
    }

    public void routes(RoutesConfig routes) {
        routes.get("/login", this::loginPage, Access.PUBLIC);
        routes.post("/login", this::login, Access.PUBLIC);
        routes.post("/logout", this::logout, Access.VIEWER);
        routes.post("/lang", this::switchLanguage, Access.PUBLIC);
        routes.get("/favicon.ico", ctx -> ctx.redirect("/static/img/favicon.svg"), Access.PUBLIC);
        routes.get("/", this::home, Access.VIEWER);
        for (Area area : Area.ALL) {
            if (!area.available()) { // available areas have pages of their own
                routes.get(area.path(), ctx -> pages.render(ctx, "area", Map.of("area", area, "currentArea", area.id())),
                        Access.VIEWER);
            }
        }
        new TelescopePage(services).routes(routes);
        new SharingPage(services).routes(routes);
        new SharingAdminPage(services).routes(routes);
        response.routes(routes);
        routes.get("/admin", ctx -> adminPage(ctx, "", ""), Access.ADMIN);
        routes.post("/admin/organisations", this::createOrganisation, Access.ADMIN);
        routes.post("/admin/users", this::createUser, Access.ADMIN);
        routes.get("/admin/audit", ctx -> pages.render(ctx, "audit", Map.of("entries",
                services.database().audit().latest(200, 0), "currentArea", "admin")), Access.ADMIN);
        routes.get("/account", ctx -> accountPage(ctx, "", "", null), Access.VIEWER);
        routes.post("/account/tokens", this::createToken, Access.VIEWER);
        routes.post("/account/tokens/{id}/delete", this::deleteToken, Access.VIEWER);
        routes.post("/account/password", this::changePassword, Access.VIEWER);
    }

    private void loginPage(Context ctx) {
        if (Requests.principal(ctx).isPresent()) {
            ctx.redirect(WebForms.safeLocalPath(ctx.queryParam("next")));
            return;
        }
        String notice = ctx.queryParam("bye") != null ? pages.text(ctx, "login.loggedOut") : "";
        pages.render(ctx, "login", Map.of("next", WebForms.safeLocalPath(ctx.queryParam("next")), "notice", notice,
                "username", ""));
    }

    private void login(Context ctx) {
        WebForms.checkSameOrigin(ctx);
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String next = WebForms.safeLocalPath(ctx.formParam("next"));
        Optional<AuthService.Login> login;
        try {
            login = username.isEmpty() || password.isEmpty() ? Optional.empty()
                    : services.auth().login(username, password.toCharArray(), Pages.language(ctx).code(),
                    Requests.clientAddress(ctx));
        } catch (LoginThrottle.TooManyAttempts e) {
            ctx.status(429).header("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
            pages.render(ctx, "login", Map.of("next", next, "username", username,
                    "error", pages.text(ctx, "login.throttled", Math.max(1, (e.retryAfter().toSeconds() + 59) / 60))));
            return;
        }
        if (login.isEmpty()) {
            ctx.status(401);
            pages.render(ctx, "login", Map.of("next", next, "username", username,
                    "error", pages.text(ctx, username.isEmpty() || password.isEmpty() ? "login.missing" : "login.failed")));
            return;
        }
        SessionCookies.set(ctx, login.get().cookieValue(), services);
        ctx.redirect(next);
    }

    private void logout(Context ctx) {
        services.auth().logout(Requests.requirePrincipal(ctx));
        SessionCookies.clear(ctx, services);
        ctx.redirect("/login?bye");
    }

    private void switchLanguage(Context ctx) {
        Optional<Principal> principal = Requests.principal(ctx);
        if (principal.isPresent() && principal.get().viaSession()) {
            WebForms.checkCsrf(ctx, principal.get());
        }
        Language language = Language.of(ctx.formParam("lang")).orElse(Pages.language(ctx));
        ctx.res().addHeader("Set-Cookie", Pages.LANGUAGE_COOKIE + "=" + language.code()
                + "; Path=/; Max-Age=31536000; SameSite=Lax" + (services.secureCookies() ? "; Secure" : ""));
        principal.ifPresent(p -> services.auth().rememberLanguage(p, language.code()));
        ctx.redirect(WebForms.safeLocalPath(ctx.formParam("back")));
    }

    private void home(Context ctx) {
        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "home");
        model.put("databaseVendor", services.database().vendor().displayName());
        model.put("mode", services.mode().command());
        model.put("organisationCount", services.database().organisations().list().size());
        model.put("userCount", services.database().users().count());
        pages.render(ctx, "home", model);
    }

    private void adminPage(Context ctx, String error, String notice) {
        List<Organisation> organisations = services.database().organisations().list();
        Map<Long, String> organisationNames = new HashMap<>();
        organisations.forEach(o -> organisationNames.put(o.id(), o.name()));
        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "admin");
        model.put("organisations", organisations);
        model.put("organisationNames", organisationNames);
        model.put("users", services.database().users().list());
        model.put("roles", List.of(Role.values()).stream().map(Role::id).toList());
        model.put("minPassword", IdentityAdmin.MIN_PASSWORD_LENGTH);
        model.put("error", error);
        model.put("notice", notice.isEmpty() && ctx.queryParam("done") != null
                ? pages.text(ctx, "admin.done." + ctx.queryParam("done").replaceAll("[^a-z-]", "")) : notice);
        pages.render(ctx, "admin", model);
    }

    private void createOrganisation(Context ctx) {
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        if (name.isEmpty() || name.length() > 200) {
            ctx.status(400);
            adminPage(ctx, pages.text(ctx, "admin.error.organisationName"), "");
            return;
        }
        try {
            services.identityAdmin().createOrganisation(Requests.requirePrincipal(ctx).name(), name);
        } catch (DuplicateException e) {
            ctx.status(409);
            adminPage(ctx, pages.text(ctx, "admin.error.organisationExists", name), "");
            return;
        }
        ctx.redirect("/admin?done=organisation");
    }

    private void createUser(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
        String displayName = Optional.ofNullable(ctx.formParam("displayName")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Optional<Role> role = parseRole(ctx.formParam("role"));
        Optional<Long> organisation = WebForms.parseId(ctx.formParam("organisationId"))
                .filter(id -> services.database().organisations().find(id).isPresent());
        String error = "";
        try {
            NewUser.checkUsername(username);
        } catch (IllegalArgumentException e) {
            error = pages.text(ctx, "admin.error.username");
        }
        if (error.isEmpty() && password.length() < IdentityAdmin.MIN_PASSWORD_LENGTH) {
            error = pages.text(ctx, "admin.error.passwordShort", IdentityAdmin.MIN_PASSWORD_LENGTH);
        }
        if (error.isEmpty() && (role.isEmpty() || organisation.isEmpty())) {
            error = pages.text(ctx, "admin.error.roleOrOrganisation");
        }
        if (error.isEmpty()) {
            try {
                services.identityAdmin().createUser(Requests.requirePrincipal(ctx).name(), username, displayName,
                        organisation.get(), role.get(), password.toCharArray());
                ctx.redirect("/admin?done=user");
                return;
            } catch (DuplicateException e) {
                error = pages.text(ctx, "admin.error.userExists", username);
            }
        }
        ctx.status(400);
        adminPage(ctx, error, "");
    }

    private static Optional<Role> parseRole(String text) {
        try {
            return Optional.of(Role.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void accountPage(Context ctx, String error, String notice, String newSecret) {
        Principal p = Requests.requirePrincipal(ctx);
        List<ApiToken> tokens = services.database().apiTokens().listForUser(p.user().id());
        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "account");
        model.put("tokens", tokens);
        model.put("newSecret", newSecret == null ? "" : newSecret);
        model.put("error", error);
        model.put("notice", notice.isEmpty() && ctx.queryParam("done") != null
                ? pages.text(ctx, "account.done." + ctx.queryParam("done").replaceAll("[^a-z-]", "")) : notice);
        model.put("minPassword", IdentityAdmin.MIN_PASSWORD_LENGTH);
        pages.render(ctx, "account", model);
    }

    private void createToken(Context ctx) {
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        if (name.isEmpty() || name.length() > 200) {
            ctx.status(400);
            accountPage(ctx, pages.text(ctx, "account.error.tokenName"), "", null);
            return;
        }
        AuthService.IssuedToken issued = services.auth().issueToken(Requests.requirePrincipal(ctx), name, Optional.empty());
        accountPage(ctx, "", pages.text(ctx, "account.tokenCreated"), issued.secret());
    }

    private void deleteToken(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        Optional<ApiToken> token = WebForms.parseId(ctx.pathParam("id"))
                .flatMap(id -> services.database().apiTokens().find(id))
                .filter(t -> t.userId() == p.user().id());
        if (token.isEmpty()) {
            ctx.status(404);
            accountPage(ctx, pages.text(ctx, "account.error.noToken"), "", null);
            return;
        }
        services.identityAdmin().deleteToken(p.name(), token.get());
        ctx.redirect("/account?done=token-deleted");
    }

    private void changePassword(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        String current = Optional.ofNullable(ctx.formParam("currentPassword")).orElse("");
        String next = Optional.ofNullable(ctx.formParam("newPassword")).orElse("");
        if (next.length() < IdentityAdmin.MIN_PASSWORD_LENGTH) {
            ctx.status(400);
            accountPage(ctx, pages.text(ctx, "admin.error.passwordShort", IdentityAdmin.MIN_PASSWORD_LENGTH), "", null);
            return;
        }
        User user = p.user();
        try {
            services.identityAdmin().changeOwnPassword(user, current.toCharArray(), next.toCharArray());
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            accountPage(ctx, pages.text(ctx, "account.error.currentPassword"), "", null);
            return;
        }
        SessionCookies.clear(ctx, services);
        ctx.redirect("/login?bye");
    }
}
