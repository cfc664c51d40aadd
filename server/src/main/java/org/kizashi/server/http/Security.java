package org.kizashi.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import org.kizashi.server.Services;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.auth.Secrets;
import org.kizashi.server.taxii.TaxiiApi;

/** Recognises the caller, enforces each route's {@link Access}, checks CSRF tokens and sets protective headers. */
final class Security {
    static final String SESSION_COOKIE = "kizashi_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "_csrf";

    private final Services services;

    Security(Services services) {
        this.services = services;
    }

    /** Before every request: who is it (session cookie or bearer token), and the headers every answer carries. */
    /** Finds the caller (token, Basic, client certificate or session cookie); call after {@link #protectiveHeaders}. */
    void identify(Context ctx) {
        if (ctx.path().startsWith("/static/")) {
            return; // public files: no need to look the caller up in the database
        }
        identifyCaller(ctx);
    }

    /** The headers every answer carries, pages of the walled garden included. */
    static void protectiveHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        // Everything the UI loads is served by the platform itself: it runs on closed networks.
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    }

    private void identifyCaller(Context ctx) {
        String authorization = ctx.header("Authorization");
        Optional<Principal> principal;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = services.auth().fromToken(authorization.substring(7).trim());
            if (principal.isEmpty()) {
                throw new ApiError(401, "unauthorized", "the bearer token is unknown, expired or revoked");
            }
        } else if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (!TaxiiApi.isTaxii(ctx)) {
                // Browsers keep Basic credentials and send them with cross-site requests: only TAXII, whose writes
                // need a media type no cross-site form can send, takes them.
                throw new ApiError(401, "unauthorized", "HTTP Basic is for the TAXII server (/taxii2/); send "
                        + "'Authorization: Bearer <API token>' or log in");
            }
            principal = basic(ctx, authorization.substring(6).trim());
        } else {
            Optional<X509Certificate> certificate = TaxiiApi.isTaxii(ctx) ? clientCertificate(ctx) : Optional.empty();
            principal = certificate.isPresent() ? certificate(certificate.get())
                    : services.auth().fromSessionCookie(ctx.cookie(SESSION_COOKIE));
        }
        principal.ifPresent(p -> ctx.attribute(Requests.PRINCIPAL, p));
    }

    /**
     * HTTP Basic (TAXII clients): a user name and password with every request, no session. No CSRF token is needed:
     * TAXII's writes carry {@code application/taxii+json}, which a cross-site page cannot send without a CORS
     * preflight that this server never grants.
     */
    private Optional<Principal> basic(Context ctx, String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(401, "unauthorized", "the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new ApiError(401, "unauthorized", "the Basic credentials are not 'user:password'");
        }
        Optional<Principal> principal = services.auth().fromPassword(decoded.substring(0, colon),
                decoded.substring(colon + 1).toCharArray(), ctx.ip());
        if (principal.isEmpty()) {
            throw new ApiError(401, "unauthorized", "wrong user name or password");
        }
        return principal;
    }

    /** The certificate a TLS client presented, already verified against {@code https.client-ca} by the TLS layer. */
    private static Optional<X509Certificate> clientCertificate(Context ctx) {
        Object chain = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return chain instanceof X509Certificate[] certificates && certificates.length > 0
                ? Optional.of(certificates[0]) : Optional.empty();
    }

    /** A TAXII client's certificate: its subject's CN is the user it logs in as. */
    private Optional<Principal> certificate(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        Optional<String> commonName = commonName(subject);
        Optional<Principal> principal = commonName.flatMap(services.auth()::fromCertificate);
        if (principal.isEmpty()) {
            throw new ApiError(401, "unauthorized", "the client certificate " + subject
                    + " names no enabled user (its CN is the user name)");
        }
        return principal;
    }

    private static Optional<String> commonName(String subject) {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Before a matched route: enforce its access level and, for cookie sessions, the CSRF token on writes. */
    void authorise(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Access.PUBLIC)) {
            return;
        }
        Access required = roles.stream().filter(Access.class::isInstance).map(Access.class::cast)
                .findFirst().orElse(Access.ADMIN); // a route that forgot to declare its access is admin-only
        Optional<Principal> principal = Requests.principal(ctx);
        if (principal.isEmpty()) {
            if (!Requests.isApi(ctx) && ctx.method() == HandlerType.GET) {
                String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                ctx.redirect("/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
                return;
            }
            throw ApiError.unauthorized("log in first, or send 'Authorization: Bearer <API token>'");
        }
        if (!principal.get().has(required.minimum())) {
            throw ApiError.forbidden("this needs the role '" + required.minimum().id() + "'; you are '"
                    + principal.get().user().role().id() + "'");
        }
        if (principal.get().viaSession() && isWrite(ctx)) {
            WebForms.checkCsrf(ctx, principal.get());
        }
    }

    static boolean isWrite(Context ctx) {
        HandlerType m = ctx.method();
        return m == HandlerType.POST || m == HandlerType.PUT || m == HandlerType.PATCH || m == HandlerType.DELETE;
    }

}
